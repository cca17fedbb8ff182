import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/cli/find-executable.js';

const root = mkdtempSync(join(tmpdir(), 'infiniproxy-path-'));
const notExecutable = join(root, 'a');
const directory = join(root, 'b');
const executable = join(root, 'c');
for (const dir of [notExecutable, directory, executable]) mkdirSync(dir);
writeFileSync(join(notExecutable, 'claude'), 'not executable');
mkdirSync(join(directory, 'claude'));
writeFileSync(join(executable, 'claude'), '#!/bin/sh\n');
chmodSync(join(executable, 'claude'), 0o755);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findExecutable', () => {
  it('skips a file without the execute bit and a directory of the same name', () => {
    const path = [notExecutable, directory, executable].join(delimiter);
    expect(findExecutable('claude', { PATH: path }, 'linux')).toBe(join(executable, 'claude'));
  });

  it('returns undefined when no PATH entry holds the command', () => {
    expect(
      findExecutable('claude', { PATH: [notExecutable, directory].join(delimiter) }, 'linux'),
    ).toBeUndefined();
    expect(findExecutable('claude', {}, 'linux')).toBeUndefined();
  });

  it('tries the PATHEXT extensions on Windows', () => {
    writeFileSync(join(notExecutable, 'tool.CMD'), '@echo off\n');
    chmodSync(join(notExecutable, 'tool.CMD'), 0o755);
    expect(findExecutable('tool', { PATH: notExecutable, PATHEXT: '.EXE;.CMD' }, 'win32')).toBe(
      join(notExecutable, 'tool.CMD'),
    );
    expect(findExecutable('tool', { PATH: notExecutable }, 'linux')).toBeUndefined();
  });
});
