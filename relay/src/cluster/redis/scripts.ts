/**
 * The Lua scripts behind the shared state: each runs atomically in Redis, so two relays never
 * read-then-write the same key between each other's steps. Times come from Redis' own clock
 * (`TIME`), so relays with skewed clocks still agree.
 */

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Token bucket. KEYS[1] bucket; ARGV capacity, refill per second, tokens to take.
 * Returns {1, 0} when taken, {0, retryAfterMs} when not.
 */
export const TAKE_TOKENS = `${NOW}
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then tokens = cap; at = now end
tokens = math.min(cap, tokens + math.max(0, now - at) * rate / 1000)
local ok = 0
local wait = 0
if tokens >= n then
  tokens = tokens - n
  ok = 1
else
  wait = math.ceil((n - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(cap * 1000 / rate) + 1000)
return {ok, wait}`;

/**
 * A session slot. KEYS[1] the user's slots (sorted set: session id → lease end), KEYS[2] the
 * user's sessions waiting for a resume (sorted set: session id → when it lost its connection);
 * ARGV session id, most slots, lease ms, prefix of the "taken over" marks. Lapsed leases are
 * dropped first; the same session takes its slot again for free. A user at the cap takes the
 * slot of the session that has waited longest for a resume: it is marked taken over (for one
 * lease: its relay sees the mark when it renews) and can never take a slot again. Returns
 * {1, taken over session or ''} when held, {0, ''} when not.
 */
export const ACQUIRE_SLOT = `${NOW}
local lease = tonumber(ARGV[3])
if redis.call('EXISTS', ARGV[4] .. ARGV[1]) == 1 then return {0, ''} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local taken = ''
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and
   redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    redis.call('ZREM', KEYS[2], id)
    if redis.call('ZSCORE', KEYS[1], id) then
      taken = id
      break
    end
  end
  if taken == '' then return {0, ''} end
  redis.call('ZREM', KEYS[1], taken)
  redis.call('SET', ARGV[4] .. taken, '1', 'PX', lease)
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return {1, taken}`;

/**
 * A session lost its connection and waits for a resume. KEYS[1] the user's slots, KEYS[2] its
 * waiting sessions; ARGV session id, lease ms. Returns 1 when the session holds a slot.
 */
export const DETACH_SLOT = `${NOW}
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]))
return 1`;

/**
 * A session's client came back. KEYS[1] the user's slots, KEYS[2] its waiting sessions; ARGV
 * session id, lease ms, prefix of the "taken over" marks. Returns 0 when a newer session took
 * its slot, else 1 (the slot is written again if its lease lapsed).
 */
export const REATTACH_SLOT = `${NOW}
if redis.call('EXISTS', ARGV[3] .. ARGV[1]) == 1 then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1`;

/** Slots a user holds now. KEYS[1] the user's slots. */
export const COUNT_SLOTS = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])`;

/**
 * Renews slot leases. KEYS the users' slot sets, then as many sets of their waiting sessions;
 * ARGV[1] lease ms, ARGV[2] prefix of the "taken over" marks, then one session id per user. A
 * slot Redis forgot (it restarted empty) is written again; a slot taken over is not. (A renewal
 * racing a release may bring a released slot back: it then lapses after one lease.) Returns the
 * 1-based indexes of the sessions whose slot was taken over.
 */
export const RENEW_SLOTS = `${NOW}
local lease = tonumber(ARGV[1])
local n = #KEYS / 2
local taken = {}
for i = 1, n do
  local id = ARGV[i + 2]
  if redis.call('EXISTS', ARGV[2] .. id) == 1 then
    table.insert(taken, i)
  else
    redis.call('ZADD', KEYS[i], now + lease, id)
    redis.call('PEXPIRE', KEYS[i], lease)
    redis.call('PEXPIRE', KEYS[n + i], lease)
  end
end
return taken`;

/**
 * Takes a session. KEYS[1] its owner key; ARGV this relay, lease ms, prefix of relays' alive
 * keys. Succeeds (returns '') when nobody holds it, this relay does, or its holder is no longer
 * alive; otherwise returns the holder's id.
 */
export const ACQUIRE_OWNER = `local owner = redis.call('GET', KEYS[1])
if (not owner) or owner == ARGV[1] or redis.call('EXISTS', ARGV[3] .. owner) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ''
end
return owner`;

/**
 * Renews this relay's sessions. KEYS owner keys; ARGV this relay, lease ms. A key Redis forgot
 * (it restarted empty) is written again. Returns the 1-based indexes of the keys another relay
 * holds now.
 */
export const RENEW_OWNERS = `local lost = {}
for i, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
  elseif not owner then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
  else
    table.insert(lost, i)
  end
end
return lost`;

/** Lets go of a session. KEYS[1] its owner key; ARGV this relay. Returns 1 if it held it. */
export const RELEASE_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;
