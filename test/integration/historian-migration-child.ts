// Opens the history file given as argv[2] with today's code (schema version 2) and moves its rows into
// blocks one tag-hour at a time, printing "moved N left M" after each committed step, until it is killed
// (SIGKILL by historian-migration.test.ts) or done.
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';

const storage = new SqliteStorage(process.argv[2]!);
for (;;) {
  const step = storage.migrateStep(0);
  process.stdout.write(`moved ${step.moved} left ${step.rowsLeft}\n`);
  if (step.done || step.failed) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
storage.close();
