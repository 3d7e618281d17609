/**
 * The Help panel at the top of the Data view: what PathReg does, how to read the network, the heatmap and the
 * sparsity figures, and what a good result looks like, for a biologist opening the app for the first time.
 */
import { TEST_IDS } from '../test-ids.ts';

export function HelpPanel() {
  return (
    <details className="panel help-panel" data-testid={TEST_IDS.help.panel}>
      <summary>New to PathReg? What it does and how to read its results</summary>
      <dl>
        <dt>What PathReg does</dt>
        <dd>
          It learns, from cells ordered along a developmental process (a pseudotime or a time course), a model of how each gene&apos;s
          expression changes given the others (a neural ordinary differential equation). A penalty keeps only the genes that are needed to
          predict each gene: those become its regulators, and together they form a gene regulatory network (GRN). The network is a
          hypothesis to test, not a proof of binding.
        </dd>
        <dt>The steps</dt>
        <dd>
          Data: open a file, choose the pseudotime (or compute one), the lineages and the genes. Model: keep the defaults for a first try.
          Training: start, watch the loss fall, then read the Network, Heatmap and Metrics views.
        </dd>
        <dt>Reading the network</dt>
        <dd>
          An arrow from gene A to gene B means the model uses A to predict how B changes. Its width is the edge weight: how much B&apos;s
          change depends on A. Orange arrows activate (more A, faster rise of B), blue ones repress. Transcription factors from the TF list
          are orange diamonds, other genes light-blue circles. The threshold slider hides weak edges; search a gene to see only its
          regulators and targets.
        </dd>
        <dt>Reading the heatmap</dt>
        <dd>
          Rows are regulators (transcription factors), columns are target genes, and each square&apos;s colour is the signed effect of the
          regulator on the target: warm for activation, cool for repression, white for none. Rows and columns are ordered by similarity (the
          trees at the edges), so blocks of colour are groups of genes regulated alike. A heatmap coloured everywhere means the model did
          not single out regulators (see sparsity).
        </dd>
        <dt>Reading the sparsity figures (Metrics)</dt>
        <dd>
          Feature sparsity is the share of all gene pairs that are not edges; model sparsity is the share of the model&apos;s internal
          connections switched off. Spurious-feature sparsity is the share of possible edges starting at genes that are not transcription
          factors that the model removed: such genes should regulate nothing, so high is good. 0 % sparsity means every gene regulates every
          other, which is not a finding.
        </dd>
        <dt>What a good result looks like</dt>
        <dd>
          The loss falls and levels off; the held-out donors&apos; error (test MSE) is close to the training error; the network keeps a
          small share of all pairs (a few regulators per gene, mostly transcription factors); and the predicted trajectories follow the
          measured cells in the Trajectories view. Known regulators of your system among the strongest edges are a good sign; a dense
          network, a test error far above the training error, or regulators that are not transcription factors call for more iterations, a
          larger λ, or a check of the pseudotime.
        </dd>
      </dl>
    </details>
  );
}
