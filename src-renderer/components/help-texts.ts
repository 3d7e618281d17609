/**
 * One sentence per control of the Data, Model and Training views, in a biologist's words: what it means for the
 * cells and the network, not how it is computed. Keyed by the control's test id (src-renderer/test-ids.ts), so a
 * control and its help are found the same way; e2e/first-hour.e2e.ts checks every control of Data, Model and Training has one.
 */
import { TEST_IDS } from '../test-ids.ts';

export const HELP_TEXTS: Record<string, string> = {
  // Sweep: many fits of one data set, for edge confidence and the λ path
  [TEST_IDS.sweep.method]:
    'How each fit models the cells (as in the Model view); every fit of the sweep uses the same method, so their networks can be compared.',
  [TEST_IDS.sweep.iterations]: 'Training steps of each fit; a sweep runs many fits, so fewer steps make it finish sooner.',
  [TEST_IDS.sweep.tfList]:
    'Which genes count as transcription factors for the share of edges from non-TF regulators on the λ path; none leaves that share out.',
  [TEST_IDS.sweep.lambdas]:
    'Sparsity strengths to compare, separated by commas: a larger λ keeps fewer edges. The λ path shows how the fit and the network change along them.',
  [TEST_IDS.sweep.seeds]: 'Random starts, separated by commas: an edge found from every start depends less on chance.',
  [TEST_IDS.sweep.subsamples]:
    'Fits on random subsets of the cells (about 63 % of each stretch of pseudotime) per λ and seed: an edge that most subsets keep is one you can trust more.',
  [TEST_IDS.sweep.nulls]:
    'Fits on cells whose pseudotime order was shuffled, per λ and seed: edges these find are chance, which gives each real edge its false discovery rate (FDR).',
  [TEST_IDS.sweep.executor]:
    'Where the fits run: on this computer, several at once, or as jobs on your institute’s Slurm cluster (offered only where Slurm’s sbatch is installed).',
  [TEST_IDS.sweep.workers]: 'How many fits run at once on this computer; by default one per processor core, fewer when memory is short.',
  [TEST_IDS.sweep.partition]: 'The Slurm partition (queue) the fits are sent to; leave empty for the cluster’s default.',
  [TEST_IDS.sweep.time]:
    'The time limit of each fit on the cluster, e.g. 1:00:00 for one hour; a fit that runs longer is stopped and reported.',
  [TEST_IDS.sweep.account]: 'The Slurm account the cluster charges the fits to; leave empty if your cluster does not ask for one.',
  [TEST_IDS.sweep.start]: 'Starts every fit of the grid; each fit is an ordinary run you can open from the λ path.',
  [TEST_IDS.sweep.cancel]: 'Stops the fits that are running; finished fits are kept, and Resume runs the rest later.',
  [TEST_IDS.sweep.resume]: 'Runs the fits that failed, were cancelled or never started; finished fits are not run again.',
  [TEST_IDS.sweep.lambdaPath]: 'Click a point to open the fit on all cells at that λ as a run, in the Network view.',
  [TEST_IDS.sweep.consensusLambda]:
    'Which λ’s consensus network to draw: the edges over all fits at that λ with how often each was selected.',
  [TEST_IDS.sweep.exportFormat]:
    'The file format of the consensus network: every format carries each edge’s confidence and FDR (SIF and the matrix in a table beside them) and how the sweep was made.',
  [TEST_IDS.sweep.export]:
    'Saves the consensus network at this λ, with the edges the least confidence keeps, for Cytoscape, Python, R or a spreadsheet.',
  [TEST_IDS.sweep.minConfidence]:
    'Hide edges selected by fewer than this share of the fits; 0.5 keeps edges that at least half of the fits found.',
  // Data: opening files
  [TEST_IDS.data.openExample]: 'Opens a small data set that ships with PathReg, to try every step before using your own cells.',
  [TEST_IDS.data.path]:
    'The full path of your file on this computer: an .h5ad (Scanpy/AnnData), .loom, 10x folder or .h5, a CSV/TSV table, or a BEELINE folder.',
  [TEST_IDS.data.open]: 'Reads the file at that path and shows what it holds; nothing is trained yet.',
  [TEST_IDS.data.upload]: 'Sends a file from your computer to PathReg instead of typing its path.',
  [TEST_IDS.data.datasetSelect]: 'Switches between the data sets opened in this session.',
  // Data: trajectories
  [TEST_IDS.data.pseudotimeSource]:
    "Where each cell's place along the process comes from: a column of your file (Monocle, Palantir, scVelo, a sampling time) or diffusion pseudotime computed here from a root cell.",
  [TEST_IDS.data.pseudotime]:
    'The cell annotation that orders cells along the process (a pseudotime or the time each sample was taken); PathReg learns how genes change along it.',
  [TEST_IDS.data.lineageSource]:
    'Whether branches come from one label column (e.g. fate), or from one pseudotime column per branch as in BEELINE simulations.',
  [TEST_IDS.data.lineageColumn]:
    'The cell annotation naming the branch each cell follows (e.g. erythroid, myeloid); each branch is fitted as its own trajectory. "(one lineage)" for a single path.',
  [TEST_IDS.data.lineageTimeColumn]:
    "Tick each column holding one branch's pseudotime; a cell with no value in a column is not in that branch.",
  [TEST_IDS.data.lineageToggle]: 'Include this branch in training, or leave it out.',
  [TEST_IDS.data.donorColumn]:
    'The annotation naming the donor or sample of each cell; held-out donors test whether the model predicts cells it never saw.',
  [TEST_IDS.data.donorSplit]: "Train on this donor's cells, hold them out to test the fitted model, or leave them out entirely.",
  [TEST_IDS.data.trimStart]:
    'How many of the earliest cells of each trajectory to leave out, since pseudotime is least reliable at its ends (the paper trims 10); 0 for a time course of a few sampled times.',
  [TEST_IDS.data.trimEnd]:
    'How many of the latest cells of each trajectory to leave out (the paper trims 20); 0 for a time course of a few sampled times.',
  [TEST_IDS.data.tfList]:
    "Which genes are transcription factors: by default only they may regulate (Model view, Regulators), they are marked in the network, and the share of edges starting at other genes is measured; choose your species' list, upload your own, or none.",
  [TEST_IDS.data.tfListPath]:
    'Where the TF list lies on the machine that runs PathReg Studio (e.g. a cluster node): a text file with one gene symbol per line.',
  [TEST_IDS.data.tfListUpload]:
    'A TF list from this computer: a text file with one gene symbol per line, or a CSV or TSV table of them with a header line.',
  [TEST_IDS.data.genes]:
    'The genes whose regulation PathReg learns: a few dozen to a few hundred work best; empty uses the transcription factors of the TF list and the 100 most variable genes.',
  [TEST_IDS.data.geneNames]:
    'Which names the genes go by in gene fields, the TF list, the network and exports: a column of gene symbols (e.g. MYOG) reads better than IDs (e.g. ENSG00000122180).',
  [TEST_IDS.data.geneAdd]: 'Type the start of a gene name to pick it from the genes of this file; it is added to the genes to model.',
  [TEST_IDS.data.geneAddButton]: 'Adds the gene typed beside it to the genes to model.',
  [TEST_IDS.data.dptRoot]:
    'The cell where the process starts (its name, its number, or earliest:COLUMN for the earliest cells of a time column); pseudotime counts from it.',
  [TEST_IDS.data.dptNeighbors]: 'How many similar cells each cell is linked to in the diffusion map; 15, as in scanpy, suits most data.',
  [TEST_IDS.data.dptCompute]: 'Computes diffusion pseudotime from the root cell, as scanpy does, and shows its distribution.',
  // Data: re-opening results and projects
  [TEST_IDS.import.path]:
    'The path of a network or checkpoint exported earlier, or of a run folder (one written by pathreg fit, or by another session), to look at it again without training.',
  [TEST_IDS.import.open]: 'Opens that exported network or checkpoint as a run.',
  [TEST_IDS.import.upload]: 'Sends an exported network or checkpoint from your computer, to look at it again.',
  [TEST_IDS.project.path]: 'Where the project file is saved or opened: it keeps your data choices, settings and runs together.',
  [TEST_IDS.project.save]: 'Saves the data choices, settings and finished runs into the project file, to reopen later.',
  [TEST_IDS.project.open]: 'Opens a saved project with its data choices, settings and runs.',
  // Model
  [TEST_IDS.model.method]:
    'How the network is learned: velocity (the default) fits a per-gene-pair model to where each cell is heading, judged by its nearest later cells, and keeps the network that best predicts cells it was not trained on; trajectory (the paper) fits a neural network to the averaged path of each lineage; linear is the simplest velocity model, a quick baseline with no predicted trajectories.',
  [TEST_IDS.model.velocityCutoff]:
    'Where the velocity method cuts its network: it adds gene pairs one by one as the pruning strength λ falls from λ_max (no pair) towards 0 (every pair), and keeps the pairs that entered while λ was at least this fraction of λ_max. Left empty, the cut-off is chosen on a fifth of the cells kept out of training: the sparsest network that predicts their velocities within one standard error of the best. Larger values give fewer edges; the ranking of every pair is kept either way.',
  [TEST_IDS.model.regularizer]:
    "How the model is pushed towards few regulators per gene; PathReg's penalty (the paper's method) closes a gene's whole input, so genes that do not help drop out as regulators.",
  [TEST_IDS.model.lambda]:
    'How hard regulators are pruned: larger values keep fewer edges (a sparser network) but fit the cells less closely; the paper uses 0.0001.',
  [TEST_IDS.model.hidden]:
    "Sizes of the neural network's hidden layers, comma-separated: larger layers can follow more intricate dynamics but train more slowly.",
  [TEST_IDS.model.regulators]:
    'Which genes may regulate others: only the transcription factors of the TF list chosen in the Data view (the other genes are then targets only; the velocity method’s default when that list names some of your genes), or every gene as in the paper (the trajectory method’s default: with TFs only it predicts held-out donors worse, since a gene without inputs loses its own dynamics).',
  [TEST_IDS.model.activation]:
    'Where the network may bend its response (ELU, a smooth switch-like curve): after the first layer as in the paper, or after every layer.',
  [TEST_IDS.model.solver]:
    'How expression is followed through pseudotime: RK4 on averaged pseudotime bins is fast; Dormand–Prince on every cell is the paper’s exact, slower way.',
  [TEST_IDS.model.bins]:
    'Into how many equal slices of pseudotime cells are averaged for RK4: more slices follow the data more closely but train more slowly.',
  [TEST_IDS.model.iterations]:
    'How many training steps: the paper trains 5,000; a short first try of a few hundred shows whether the loss falls.',
  [TEST_IDS.model.learningRate]: 'How big each training step is: 0.01 suits most data; lower it if the loss jumps up and down.',
  [TEST_IDS.model.engine]:
    'Which implementation does the arithmetic (they give the same network within rounding); auto picks the fastest on this machine.',
  [TEST_IDS.model.seed]: 'The starting number of the random initial model: the same seed and settings give the same network again.',
  [TEST_IDS.model.paperDefaults]: 'Sets every option to the values of the PathReg paper (Aliee et al., NeurIPS 2022).',
  // Training
  [TEST_IDS.training.label]: 'A name for this run, to tell runs apart when comparing them.',
  [TEST_IDS.training.start]: 'Starts training on the chosen cells and genes with the Model settings; progress appears below.',
  [TEST_IDS.training.pause]: 'Pauses training after the current step; nothing is lost.',
  [TEST_IDS.training.resume]: 'Continues a paused run from where it stopped.',
  [TEST_IDS.training.cancel]: 'Stops the run for good; its last checkpoint is kept and can be looked at.',
  [TEST_IDS.training.continueOnCpu]: 'Continues this run on the processor (CPU) from its last checkpoint after the graphics card failed.',
  [TEST_IDS.training.continueIterations]: 'The total number of training steps to reach when this run is continued.',
  [TEST_IDS.training.continue]:
    'Trains this run further, as a new run, up to that number of steps; useful when the loss was still falling.',
  [TEST_IDS.training.compare]: "Draws this run's loss curve beside the selected run's, to compare settings.",
  [TEST_IDS.training.exportSvg]: 'Saves the loss curves as an SVG figure, which drawing programs can edit.',
  [TEST_IDS.training.exportPng]: 'Saves the loss curves as a PNG image.',
  [TEST_IDS.training.selectRun]: 'Makes this run the one shown in the Network, Heatmap, Trajectories and Metrics views.',
  // Export panel (in Training once a run has a result)
  [TEST_IDS.export.figureFormat]: 'The file type of the figure: SVG and PDF stay sharp at any size, PNG is a picture for slides.',
  [TEST_IDS.export.sizePreset]: 'The figure width: one journal column (89 mm), two columns (183 mm), or your own size.',
  [TEST_IDS.export.width]: 'The width of your own figure size, in the unit chosen beside it.',
  [TEST_IDS.export.height]: 'The height of your own figure size, in the unit chosen beside it.',
  [TEST_IDS.export.unit]: 'The unit of the width and height typed beside it.',
  [TEST_IDS.export.dpi]: 'Dots per inch of a PNG: 300 for print, 150 for screens.',
  [TEST_IDS.export.background]: 'A white background, or transparent to place the figure on a coloured slide.',
  [TEST_IDS.export.figure]: 'Saves this figure with the format and size chosen.',
  [TEST_IDS.export.report]: 'Saves one HTML page with the run’s settings, figures and network, to share or archive.',
  [TEST_IDS.export.networkFormat]:
    'The network file type: CSV for spreadsheets, GraphML or Cytoscape for network tools, BEELINE for benchmarking.',
  [TEST_IDS.export.networkScope]: 'Every edge of the run, or only those shown with the current threshold and focus.',
  [TEST_IDS.export.network]: 'Saves the network in the chosen format.',
  [TEST_IDS.score.path]:
    'The path of a known network on the machine running PathReg: BEELINE’s refNetwork.csv, or any list of regulator and target (CSV or TSV, sign optional).',
  [TEST_IDS.score.run]: 'Scores this run’s network against that known network, as BEELINE does.',
  [TEST_IDS.score.upload]: 'Sends a known network (refNetwork.csv or an edge list) from your computer and scores this run against it.',
  [TEST_IDS.score.marks]:
    'Colours the drawn edges found in the known network (true positives) and not in it (false positives), and dashes known edges the network misses.',
};

/** The help sentence for a control, by its test id; throws for a control nobody explained, so it cannot ship silently. */
export function helpText(controlTestId: string): string {
  const text = HELP_TEXTS[controlTestId];
  if (!text) throw new Error(`No help text for the control "${controlTestId}" (src-renderer/components/help-texts.ts).`);
  return text;
}
