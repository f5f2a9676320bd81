import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLocked, lockDataDir } from './data-dir-lock.ts';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'heed-lock-'));

describe('lockDataDir', () => {
  it('refuses a second holder while the first is alive, naming the directory and the pid', () => {
    const dir = tempDir();
    // A lock written by a live process that is not this one: the test runner's parent.
    fs.writeFileSync(path.join(dir, 'heed.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLocked);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.ppid}.*${dir}`));
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    fs.writeFileSync(path.join(dir, 'heed.lock'), dead);
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'heed.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
    release();
    expect(fs.existsSync(path.join(dir, 'heed.lock'))).toBe(false);
  });

  it('takes over a lock from an earlier boot even when its pid is alive now', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'heed.lock'),
      JSON.stringify({ pid: process.ppid, boot: 'a-boot-before-the-restart' }),
    );
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'heed.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
    release();
  });

  it('lets exactly one of several simultaneous starts take over a stale lock', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    fs.writeFileSync(path.join(dir, 'heed.lock'), dead);
    const script = `
      import('${path.resolve('src/db/data-dir-lock.ts')}').then(({ lockDataDir }) => {
        try { lockDataDir(${JSON.stringify(dir)}); process.stdout.write('locked'); setTimeout(() => {}, 1500); }
        catch (error) { process.stdout.write(error.constructor.name); }
      });`;
    const { spawn } = await import('node:child_process');
    const outcomes = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '-e', script]);
            let out = '';
            child.stdout.on('data', (chunk) => {
              out += chunk;
            });
            child.on('exit', () => resolve(out));
          }),
      ),
    );
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DataDirLocked')).toHaveLength(3);
  });
});
