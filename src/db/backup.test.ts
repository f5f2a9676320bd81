import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from './connect.ts';
import { migrate } from './migrate.ts';

describe('embedded backup and restore', () => {
  it('restores a backup into an empty directory with every row, and refuses a directory in use', async () => {
    const original = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-backup-'));
    const db = await connect({ dataDir: original, poolSize: 1 });
    await migrate(db);
    await db.query(
      "INSERT INTO workspaces (id, name) VALUES ('01a20000-0000-7000-8000-000000000001', 'Kept')",
    );
    const file = path.join(original, '..', `${path.basename(original)}.tar.gz`);
    fs.writeFileSync(file, await db.backup());
    await db.close();

    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-restore-'));
    const restored = await connect({ dataDir: copy, poolSize: 1, restoreFrom: file });
    expect(await restored.query('SELECT name FROM workspaces')).toEqual([{ name: 'Kept' }]);
    await restored.close();

    await expect(connect({ dataDir: original, poolSize: 1, restoreFrom: file })).rejects.toThrow(/not empty/);
  });
});
