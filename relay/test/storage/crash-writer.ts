// Child process of crash.test.ts: records turns as fast as it can and prints each turn id once
// its transaction has committed. The test SIGKILLs it mid-way.
//   node --import tsx crash-writer.ts <sqlite file> <session id> <first turn id>
import { openStorage } from '../../src/storage/index.ts';

const [path, sessionId, first] = process.argv.slice(2);
if (path === undefined || sessionId === undefined || first === undefined) {
  throw new Error('usage: crash-writer.ts <sqlite file> <session id> <first turn id>');
}
const storage = await openStorage({ sqlitePath: path });
if (first === '1') await storage.sessions.create({ id: sessionId, userId: 'crash' });
process.stdout.write('ready\n');
for (let turnId = Number(first); ; turnId++) {
  await storage.turns.record(
    {
      sessionId,
      turnId,
      userText: `question ${turnId} `.repeat(20),
      assistantText: `answer ${turnId} `.repeat(50),
      status: 'completed',
      timings: { asrFinalMs: 100, llmTotalMs: 400 },
    },
    [
      { stage: 'asr', provider: 'crash-asr', units: { audioMs: 1500 }, costMicros: 3 },
      { stage: 'llm', provider: 'crash-llm', units: { inputTokens: 40 }, costMicros: 7 },
    ],
  );
  // Writes to a pipe are synchronous on Linux: once this returns, the parent can read it.
  process.stdout.write(`committed ${turnId}\n`);
}
