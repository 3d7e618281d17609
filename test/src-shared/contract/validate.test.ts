import { describe, expect, it } from 'vitest';
import {
  validateRawRequest,
  validateRequest,
  checkRequestSize,
  utf8Length,
  CHANNELS,
  requestSchemas,
} from '../../../src-shared/contract/index.ts';
import { PAPER_DEFAULTS as PAPER_DEFAULTS_FOR_TEST } from '../../../src-shared/run-config.ts';

const selection = {
  genes: ['GATA1', 'SPI1'],
  pseudotimeColumn: 'pseudotime',
  lineageColumn: 'lineage',
  donorColumn: 'donor',
  lineages: [],
  trainDonors: ['12'],
  testDonors: ['21'],
  trimStart: 10,
  trimEnd: 20,
};

describe('contract validation', () => {
  it('accepts a well-formed training:start request', () => {
    const result = validateRequest('training:start', { datasetId: 'dataset-1', selection, config: PAPER_DEFAULTS_FOR_TEST });
    expect(result.ok).toBe(true);
  });

  it('refuses wrong types and names the field', () => {
    const result = validateRequest('training:start', {
      datasetId: 'dataset-1',
      selection,
      config: { ...PAPER_DEFAULTS_FOR_TEST, iterations: 'many' },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-request');
      expect(result.error.message).toContain('config.iterations');
    }
  });

  it('refuses extra fields, naming them', () => {
    const result = validateRequest('training:pause', { runId: 'run-1', force: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('force');
  });

  it('refuses a missing request body for a channel that needs fields', () => {
    const result = validateRequest('dataset:open', undefined);
    expect(result.ok).toBe(false);
  });

  it('refuses oversized payloads before reading them', () => {
    const result = checkRequestSize('dataset:open', 10 * 1024 * 1024);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('too-large');
      expect(result.error.message).toMatch(/10\.0 MiB.*limit of 256\.0 KiB/);
    }
    expect(checkRequestSize('dataset:upload', 10 * 1024 * 1024).ok).toBe(true);
  });

  it('refuses unknown channels', () => {
    const result = validateRawRequest('system:shell', {}, 2);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unknown-channel');
  });

  it('counts UTF-8 bytes', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
  });

  it('names exactly the channels that have schemas', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it('lists every channel in noun:verb form', () => {
    expect(CHANNELS.length).toBeGreaterThan(10);
    for (const channel of CHANNELS) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
  });
});

describe('diffusion pseudotime and lineage pseudotime columns in the contract', () => {
  const start = (patch: Record<string, unknown>) =>
    validateRequest('training:start', { datasetId: 'dataset-1', selection: { ...selection, ...patch }, config: PAPER_DEFAULTS_FOR_TEST });

  it('accepts both, and a selection without them as before', () => {
    expect(start({ diffusionPseudotime: { root: 'earliest:Hours', neighbors: 10, pcs: 30 } }).ok).toBe(true);
    expect(start({ lineageColumn: null, lineagePseudotimeColumns: ['PseudoTime1', 'PseudoTime2'] }).ok).toBe(true);
    expect(start({}).ok).toBe(true);
  });

  it('refuses bad settings, naming the field', () => {
    const messageOf = (result: ReturnType<typeof start>) => (result.ok ? '' : result.error.message);
    expect(messageOf(start({ diffusionPseudotime: { root: '' } }))).toContain('selection.diffusionPseudotime.root');
    expect(messageOf(start({ diffusionPseudotime: { root: '0', neighbors: 1 } }))).toContain('selection.diffusionPseudotime.neighbors');
    expect(messageOf(start({ diffusionPseudotime: { root: '0', resolution: 2 } }))).toContain('resolution');
    expect(messageOf(start({ lineagePseudotimeColumns: [] }))).toContain('selection.lineagePseudotimeColumns');
  });

  it('validates dataset:pseudotime like every channel', () => {
    expect(validateRequest('dataset:pseudotime', { datasetId: 'dataset-2', settings: { root: 'T0_CT_A01' } }).ok).toBe(true);
    expect(validateRequest('dataset:pseudotime', { datasetId: 'dataset-2', settings: { root: 'x', pcs: 500 } }).ok).toBe(false);
    expect(validateRequest('dataset:pseudotime', { datasetId: 'd', settings: { root: 'x' } }).ok).toBe(false);
  });
});
