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
 * A session slot. KEYS[1] the user's slots (sorted set: session id → lease end); ARGV session
 * id, most slots, lease ms. Lapsed leases are dropped first; the same session takes its slot
 * again for free. Returns 1 when held, 0 when the user holds every slot.
 */
export const ACQUIRE_SLOT = `${NOW}
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and
   redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return 1`;

/** Slots a user holds now. KEYS[1] the user's slots. */
export const COUNT_SLOTS = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])`;

/**
 * Renews slot leases. KEYS the users' slot sets; ARGV[1] lease ms, then one session id per key.
 * A slot Redis forgot (it restarted empty) is written again. (A renewal racing a release may
 * bring a released slot back: it then lapses after one lease.)
 */
export const RENEW_SLOTS = `${NOW}
local lease = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + lease, ARGV[i + 1])
  redis.call('PEXPIRE', key, lease)
end
return #KEYS`;

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
