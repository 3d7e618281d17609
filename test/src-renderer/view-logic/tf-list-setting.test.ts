import { describe, expect, it } from 'vitest';
import {
  optionValueOf,
  settingFromSaved,
  settingOfOption,
  tfListChoiceOf,
  tfListOptions,
  tfListSettingFor,
} from '../../../src-renderer/view-logic/tf-list-setting.ts';

describe('the Data view’s TF-list setting', () => {
  it('offers automatic, none, the human and mouse lists first among the bundled ones, an upload and a path', () => {
    const values = tfListOptions().map((option) => option.value);
    expect(values.slice(0, 4)).toEqual(['default', 'none', 'bundled:human', 'bundled:mouse']);
    expect(values).toContain('bundled:pathreg-basegrn-human');
    expect(values.slice(-2)).toEqual(['upload', 'path']);
    for (const value of values) expect(optionValueOf(settingOfOption(value))).toBe(value);
    expect(tfListOptions().find((o) => o.value === 'bundled:mouse')?.label).toMatch(/^mouse: genome-wide mouse TFs/);
  });

  it('starts from the paper’s list for a bundled example and from automatic otherwise; the user’s choice wins', () => {
    const example = { datasetId: 'dataset-2', path: '/app/resources/examples/hematopoiesis' };
    expect(tfListSettingFor({}, example)).toEqual({ kind: 'bundled', name: 'pathreg-basegrn-human' });
    expect(tfListSettingFor({}, { datasetId: 'dataset-3', path: 'C:\\app\\resources\\examples\\hema\\' })).toMatchObject({
      kind: 'bundled',
    });
    expect(tfListSettingFor({}, { datasetId: 'dataset-1', path: '/data/hsmm.h5ad' })).toEqual({ kind: 'default' });
    expect(tfListSettingFor({ 'dataset-2': { kind: 'none' } }, example)).toEqual({ kind: 'none' });
  });

  it('asks the server for the choice, and says what is missing while a path or a file is not given yet', () => {
    expect(tfListChoiceOf({ kind: 'default' })).toEqual({ choice: undefined });
    expect(tfListChoiceOf({ kind: 'bundled', name: 'human' })).toEqual({ choice: { kind: 'bundled', name: 'human' } });
    expect(tfListChoiceOf({ kind: 'path', path: '  /data/tfs.txt ' })).toEqual({ choice: { kind: 'path', path: '/data/tfs.txt' } });
    expect(tfListChoiceOf({ kind: 'path', path: ' ' })).toEqual({ problem: expect.stringMatching(/no path is typed/) });
    expect(tfListChoiceOf({ kind: 'upload', fileName: '', contentBase64: '' })).toEqual({
      problem: expect.stringMatching(/no file is chosen/),
    });
    const upload = { kind: 'upload', fileName: 'tfs.txt', contentBase64: 'R0FUQTE=' } as const;
    expect(tfListChoiceOf(upload)).toEqual({ choice: upload });
  });

  it('reads a saved project’s setting, old paths included, and drops what it does not know', () => {
    expect(settingFromSaved('/tfs.txt')).toEqual({ kind: 'path', path: '/tfs.txt' });
    expect(settingFromSaved('')).toEqual({ kind: 'default' });
    expect(settingFromSaved({ kind: 'bundled', name: 'mouse' })).toEqual({ kind: 'bundled', name: 'mouse' });
    expect(settingFromSaved({ kind: 'bundled', name: 'zebrafish' })).toBeNull();
    expect(settingFromSaved({ kind: 'upload', fileName: 'a.txt', contentBase64: 'QQ==' })).toEqual({
      kind: 'upload',
      fileName: 'a.txt',
      contentBase64: 'QQ==',
    });
    expect(settingFromSaved(42)).toBeNull();
  });
});
