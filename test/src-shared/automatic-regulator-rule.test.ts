// The automatic TF-list rule shared by the app and the command line: a hand-picked panel lets every gene regulate
// when the TF list was left automatic; more genes, or a list the user chose, keep the list's TFs as the sources.
import { describe, expect, it } from 'vitest';
import { automaticRegulatorRule, PANEL_MAX_GENES } from '../../src-shared/tf-list-choice.ts';

describe('automaticRegulatorRule', () => {
  it('a panel of a dozen genes with the list left automatic: every gene may regulate, and the reason names aliases', () => {
    const rule = automaticRegulatorRule(12, false);
    expect(rule?.rule).toBe('panel');
    expect(rule?.reason).toMatch(/^12 genes are a hand-picked panel \(at most 30\).*every gene may regulate.*aliases/);
    expect(rule?.reason).not.toMatch(/--/);
  });

  it('the panel ends at PANEL_MAX_GENES genes: one more is a transcriptome, where only the TFs regulate', () => {
    expect(PANEL_MAX_GENES).toBe(30);
    expect(automaticRegulatorRule(PANEL_MAX_GENES, false)?.rule).toBe('panel');
    expect(automaticRegulatorRule(1, false)?.rule).toBe('panel');
    const wide = automaticRegulatorRule(PANEL_MAX_GENES + 1, false);
    expect(wide?.rule).toBe('tf-list');
    expect(wide?.reason).toMatch(/^31 genes are more than a hand-picked panel/);
    expect(automaticRegulatorRule(529, false)?.rule).toBe('tf-list');
  });

  it('a TF list the user chose is honoured whatever the gene count: no automatic rule', () => {
    expect(automaticRegulatorRule(5, true)).toBeNull();
    expect(automaticRegulatorRule(529, true)).toBeNull();
  });
});
