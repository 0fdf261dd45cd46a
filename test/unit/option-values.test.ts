/**
 * Which words of the command line are options, read before commander's parse: `--verbose` turned
 * on stack traces for errors before a run's context when typed after `--` (`fix --worklist w.csv --
 * --verbose`), where it is a word, not an option.
 */
import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { gluedValues, typedAsOption, wordsBeforeCommand } from '../../src/option-values.js';

describe('typedAsOption', () => {
  it('finds the option typed as one, before or after the command', () => {
    expect(typedAsOption('--verbose', ['--verbose', 'fix'])).toBe(true);
    expect(typedAsOption('--verbose', ['fix', '--dry-run', '--verbose'])).toBe(true);
  });

  it('is false for the word after `--`, or glued on as another option\'s value', () => {
    expect(typedAsOption('--verbose', ['worklist', '--', '--verbose'])).toBe(false);
    expect(typedAsOption('--verbose', ['fix', '--worklist', 'w.csv', '--', '--verbose'])).toBe(false);
    expect(typedAsOption('--verbose', ['--profile=--verbose', 'list', 'mappings'])).toBe(false);
    expect(typedAsOption('--verbose', ['list', 'mappings'])).toBe(false);
  });
});

describe('gluedValues', () => {
  it('gives the values glued on with "=", before `--`', () => {
    expect(gluedValues('--only', ['fix', '--only=-a@b.in', '12', '--only=--x', '--', '--only=-c@d.in'])).toEqual(['-a@b.in', '--x']);
  });
});

describe('wordsBeforeCommand', () => {
  const program = new Command('p').option('--profile <name>').option('--mappings <file>').option('--json');
  program.command('list');
  it('gives the words no program option took before the command: commander took the first for the command', () => {
    expect(wordsBeforeCommand(program, ['--mappings', 'my', 'file.json', 'list', 'history'])).toEqual(['file.json']);
    expect(wordsBeforeCommand(program, ['--profile=my', 'work', '--json', 'list'])).toEqual(['work']);
  });
  it('gives none where the command comes first, is a value, or never comes (or only after `--`)', () => {
    expect(wordsBeforeCommand(program, ['--mappings', 'm.json', 'list', 'x'])).toEqual([]);
    expect(wordsBeforeCommand(program, ['--profile', 'list', 'list', 'mappings'])).toEqual([]);
    expect(wordsBeforeCommand(program, ['--mappings', 'my', 'file.json'])).toEqual([]);
    expect(wordsBeforeCommand(program, ['--mappings', 'my', 'file.json', '--', 'list'])).toEqual([]);
  });
});
