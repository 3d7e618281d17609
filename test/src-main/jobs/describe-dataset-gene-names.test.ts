import { describe, expect, it } from 'vitest';
import { openDataset } from '../../../src-main/data/open-dataset.ts';
import { describeDataset } from '../../../src-main/jobs/describe-dataset.ts';
import { initialSelection } from '../../../src-renderer/view-logic/selection.ts';
import { geneNamesOf } from '../../../src-shared/gene-names.ts';
import { SHARED_DATA } from '../../shared-data.ts';

describe('the dataset summary offers the gene names of a file', () => {
  it('hsmm.h5ad (Ensembl IDs): gene_short_name is offered, pre-selected and carried into the first selection', async () => {
    const dataset = await openDataset(`${SHARED_DATA}/hsmm/hsmm.h5ad`);
    try {
      const info = describeDataset(dataset, 'dataset-1');
      expect(info.geneNameSources?.map((s) => s.column)).toEqual([null, 'gene_short_name']);
      expect(info.geneNameColumn).toBe('gene_short_name');
      expect(initialSelection(info).geneNameColumn).toBe('gene_short_name');
      const names = geneNamesOf(info, 'gene_short_name');
      expect(names).toContain('MYOG');
      expect(names.filter((n) => n.startsWith('ENSG')).length).toBeLessThan(20);
    } finally {
      dataset.close();
    }
  });

  it("a 10x folder's features.tsv names are the file's own names, kept as they are", async () => {
    const dataset = await openDataset(`${SHARED_DATA}/hsmm/10x`);
    try {
      const info = describeDataset(dataset, 'dataset-1');
      expect(info.geneNameSources?.[0]).toMatchObject({ column: null, label: 'features.tsv names' });
      expect(info.geneNameColumn).toBeNull();
    } finally {
      dataset.close();
    }
  });
});
