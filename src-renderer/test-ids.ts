/**
 * Every data-testid in the app, named `entity:action` (house style 9), for the end-to-end tests' helper module.
 * Elements repeated per item (a lineage, a donor, an example, a run) carry the item in a data-* attribute named
 * next to the id.
 */
export const TEST_IDS = {
  app: {
    root: 'app:root',
    /** Error or notice banner; its text names the problem. */
    message: 'app:message',
    messageDismiss: 'app:message-dismiss',
    /** "connected" / "reconnecting" indicator of the server event stream. */
    connection: 'app:connection',
    /** Shown by the error boundary instead of a blank window. */
    crash: 'app:crash',
    crashReload: 'app:crash-reload',
    runSelect: 'app:run-select',
    /** Help → About / Licenses (desktop menu): a dialog with the version and the third-party licenses. */
    about: 'app:about',
    aboutClose: 'app:about-close',
  },
  /** The Export panel of the Network, Heatmap, Trajectories, Training and Metrics views (files with provenance). */
  export: {
    panel: 'export:panel',
    figureFormat: 'export:figure-format',
    /** 89 mm (one column), 183 mm (two columns) or custom. */
    sizePreset: 'export:size-preset',
    width: 'export:width',
    height: 'export:height',
    unit: 'export:unit',
    dpi: 'export:dpi',
    background: 'export:background',
    figure: 'export:figure',
    networkFormat: 'export:network-format',
    /** The view's threshold/top-k selection or the whole network. */
    networkScope: 'export:network-scope',
    network: 'export:network',
    report: 'export:report',
    /** What the last export wrote (file name, or where the desktop app saved it). */
    status: 'export:status',
  },
  /** Data view: re-open an exported network or a checkpoint as a run. */
  import: {
    path: 'import:path',
    open: 'import:open',
    upload: 'import:upload',
    result: 'import:result',
  },
  project: {
    path: 'project:path',
    save: 'project:save',
    open: 'project:open',
  },
  tab: {
    data: 'tab:data',
    embedding: 'tab:embedding',
    model: 'tab:model',
    training: 'tab:training',
    network: 'tab:network',
    heatmap: 'tab:heatmap',
    trajectories: 'tab:trajectories',
    metrics: 'tab:metrics',
    sweep: 'tab:sweep',
    compare: 'tab:compare',
  },
  /** The Embedding view: cells by UMAP, PCA or diffusion map, coloured, with the lasso that excludes cells. */
  embedding: {
    compute: 'embedding:compute',
    /** Which picture: umap, pca or diffusion. */
    kind: 'embedding:kind',
    /** An obs column's name, or the gene choice. */
    colourBy: 'embedding:colour-by',
    gene: 'embedding:gene',
    geneShow: 'embedding:gene-show',
    /** The canvas; data-cells holds how many cells it draws, data-frames how many frames it has drawn. */
    canvas: 'embedding:canvas',
    /** data-legend: numeric or categorical; data-title: what the colours show. */
    legend: 'embedding:legend',
    pan: 'embedding:pan',
    lasso: 'embedding:lasso',
    reset: 'embedding:reset',
    /** data-excluded: how many cells the selection excludes from training. */
    excluded: 'embedding:excluded',
    undo: 'embedding:undo',
    notes: 'embedding:notes',
  },
  data: {
    path: 'data:path',
    /** How many cells the Embedding view's lasso excluded (data-excluded), with undo, include-all and download. */
    excludedCells: 'data:excluded-cells',
    excludedUndo: 'data:excluded-undo',
    excludedClear: 'data:excluded-clear',
    excludedDownload: 'data:excluded-download',
    open: 'data:open',
    upload: 'data:upload',
    /** One button per example; data-example holds its id. */
    openExample: 'data:open-example',
    datasetSelect: 'data:dataset-select',
    summary: 'data:summary',
    obsTable: 'data:obs-table',
    genes: 'data:genes',
    genesMessage: 'data:genes-message',
    /** Where gene names come from: the file's own names ("") or a var column of symbols. */
    geneNames: 'data:gene-names',
    /** A field that completes gene names from the chosen source and adds the gene to the list. */
    geneAdd: 'data:gene-add',
    geneAddButton: 'data:gene-add-button',
    /** The datalist of completions for geneAdd. */
    geneOptions: 'data:gene-options',
    pseudotime: 'data:pseudotime',
    lineageColumn: 'data:lineage-column',
    donorColumn: 'data:donor-column',
    /** One checkbox per lineage; data-lineage holds its name. */
    lineageToggle: 'data:lineage-toggle',
    /** One select per donor (train / held-out / left out); data-donor holds its name. */
    donorSplit: 'data:donor-split',
    /** The TF-list dropdown: automatic, none, bundled lists, upload, a path on the server. */
    tfList: 'data:tf-list',
    tfListPath: 'data:tf-list-path',
    tfListUpload: 'data:tf-list-upload',
    /** How many genes the TF list names (data-tfs holds the count). */
    tfOverlap: 'data:tf-overlap',
    trimStart: 'data:trim-start',
    trimEnd: 'data:trim-end',
    cellsPerLineage: 'data:cells-per-lineage',
    pseudotimeHistogram: 'data:pseudotime-histogram',
    /** "column" or "diffusion" radio; data-source holds which. */
    pseudotimeSource: 'data:pseudotime-source',
    dptRoot: 'data:dpt-root',
    dptNeighbors: 'data:dpt-neighbors',
    dptCompute: 'data:dpt-compute',
    /** What the computed diffusion pseudotime is ("diffusion pseudotime from root …") and its notes. */
    dptResult: 'data:dpt-result',
    /** "label" or "columns" radio; data-source holds which. */
    lineageSource: 'data:lineage-source',
    /** One checkbox per numeric column in "one pseudotime column per lineage"; data-column holds its name. */
    lineageTimeColumn: 'data:lineage-time-column',
    problems: 'data:problems',
    /** Warnings that do not stop training (not a trajectory, library size as time, …); each li has data-warning. */
    warnings: 'data:warnings',
    /** Why a time course of a few sampled times is not trimmed. */
    trimNote: 'data:trim-note',
  },
  /** The Help panel (what PathReg does, how to read its figures); each control's help is `help:<control test id>`. */
  help: {
    panel: 'help:panel',
  },
  model: {
    method: 'model:method',
    methodNote: 'model:method-note',
    /** The velocity method's network cut-off along its sparsity path (λ/λ_max; empty: chosen on held-out cells). */
    velocityCutoff: 'model:velocity-cutoff',
    regularizer: 'model:regularizer',
    lambda: 'model:lambda',
    hidden: 'model:hidden',
    activation: 'model:activation',
    /** Who may regulate: TFs only, every gene, or the default (TFs when a TF list matches). */
    regulators: 'model:regulators',
    solver: 'model:solver',
    bins: 'model:bins',
    iterations: 'model:iterations',
    learningRate: 'model:learning-rate',
    engine: 'model:engine',
    engineReason: 'model:engine-reason',
    autoEngine: 'model:auto-engine',
    seed: 'model:seed',
    estimate: 'model:estimate',
    /** The estimate's sentence; data-seconds holds its total in seconds, for tests. */
    estimateSeconds: 'model:estimate-seconds',
    paperDefaults: 'model:paper-defaults',
  },
  training: {
    label: 'training:label',
    start: 'training:start',
    pause: 'training:pause',
    resume: 'training:resume',
    cancel: 'training:cancel',
    status: 'training:status',
    iteration: 'training:iteration',
    loss: 'training:loss',
    rate: 'training:rate',
    eta: 'training:eta',
    engine: 'training:engine',
    /** The list of the run's named stages; each row is training:stage with data-stage and data-status. */
    stages: 'training:stages',
    stage: 'training:stage',
    curves: 'training:curves',
    compare: 'training:compare',
    exportSvg: 'training:export-svg',
    exportPng: 'training:export-png',
    /** Continue a finished or cancelled run from its checkpoint in a new run, up to the total in the input. */
    continue: 'training:continue',
    continueIterations: 'training:continue-iterations',
    /** Shown when a run's GPU failed: continues it from its kept checkpoint on the fastest engine without a GPU. */
    continueOnCpu: 'training:continue-on-cpu',
    /** The panel saying the run's device failed and which checkpoint is kept. */
    deviceFailure: 'training:device-failure',
    /** One row per run; data-run holds its id and data-state its state. */
    runRow: 'training:run-row',
    /** The run's name in its row, a button selecting it; data-run holds its id. */
    selectRun: 'training:select-run',
  },
  network: {
    canvas: 'network:canvas',
    threshold: 'network:threshold',
    topK: 'network:top-k',
    search: 'network:search',
    /** One button per match; data-gene holds the gene. */
    searchResult: 'network:search-result',
    layout: 'network:layout',
    hideIsolated: 'network:hide-isolated',
    /** "Network only": only the fitted network's edges (sign ≠ 0); shown when the run ranks unsigned pairs; data-unsigned counts them. */
    networkOnly: 'network:network-only',
    edgeCount: 'network:edge-count',
    nodeCount: 'network:node-count',
    focus: 'network:focus',
    /** A regulator or target of the focused gene in the side list (focuses it); data-gene holds the gene. */
    neighbour: 'network:neighbour',
    clearFocus: 'network:clear-focus',
    resetView: 'network:reset-view',
    relayout: 'network:relayout',
    empty: 'network:empty',
  },
  /** Network view: every edge of the run (its folder's edges.csv), sorted, filtered, selectable, exportable. */
  edgeTable: {
    panel: 'edges:panel',
    /** One header button per column; data-sort holds its key, data-direction "ascending"/"descending" when it sorts. */
    sort: 'edges:sort',
    sign: 'edges:sign',
    tfSources: 'edges:tf-sources',
    gene: 'edges:gene',
    geneRole: 'edges:gene-role',
    /** The scrolling list; data-matched and data-total hold the counts of the query and of the run. */
    rows: 'edges:rows',
    /** One per row drawn; data-rank, data-source, data-target, data-weight, data-sign, data-selected. */
    row: 'edges:row',
    /** How many rows match, of how many edges. */
    count: 'edges:count',
    clearSelection: 'edges:clear-selection',
    exportTable: 'edges:export-table',
    neighbourhoodFormat: 'edges:neighbourhood-format',
    exportNeighbourhood: 'edges:export-neighbourhood',
    status: 'edges:status',
  },
  /** Network view, side panel: scoring the run against a reference network (run:score). */
  perturb: {
    panel: 'perturb:panel',
    /** The genes to perturb, comma-separated. */
    genes: 'perturb:genes',
    kind: 'perturb:kind',
    value: 'perturb:value',
    run: 'perturb:run',
    /** In the focused gene's context: knock that gene out at once. */
    knockoutFocus: 'perturb:knockout-focus',
    /** Start from each lineage's initial state ("lineages") or from chosen cells ("cells"). */
    startFrom: 'perturb:start-from',
    /** The chosen cells' lineage and pseudotime range. */
    lineage: 'perturb:lineage',
    from: 'perturb:from',
    to: 'perturb:to',
    /** Which cells the shown answer started from. */
    startsNote: 'perturb:starts-note',
    /** The answer; data-description and data-seconds hold what was simulated and how long it took. */
    result: 'perturb:result',
    /** One row per ranked responder; data-gene, data-rank and data-effect (largest |effect|, signed) hold its numbers. */
    responder: 'perturb:responder',
    /** One line per start: how far its end state moved and towards which lineage; data-start names it. */
    shift: 'perturb:shift',
    /** The top responders wild type vs perturbed. */
    trajectories: 'perturb:trajectories',
    exportTable: 'perturb:export-table',
    exportTrajectories: 'perturb:export-trajectories',
    exportNetwork: 'perturb:export-network',
  },
  score: {
    panel: 'score:panel',
    path: 'score:path',
    run: 'score:run',
    upload: 'score:upload',
    result: 'score:result',
    /** One per number; data-metric holds its scores.json key, data-value the exact number. */
    value: 'score:value',
    /** Reference genes the run lacks: data-count holds how many. */
    genesMissing: 'score:genes-missing',
    /** Marks true/false positives and missed reference edges on the network. */
    marks: 'score:marks',
    /** The marks' legend beside the network's, shown while the marks are on. */
    legend: 'score:legend',
    curve: 'score:curve',
    exportSvg: 'score:export-svg',
    exportPdf: 'score:export-pdf',
  },
  heatmap: {
    figure: 'heatmap:figure',
    zoom: 'heatmap:zoom',
    hover: 'heatmap:hover',
    cluster: 'heatmap:cluster',
    empty: 'heatmap:empty',
  },
  trajectories: {
    genes: 'trajectories:genes',
    /** Completes a gene name from the run's genes and adds it to the genes drawn. */
    geneAdd: 'trajectories:gene-add',
    geneAddButton: 'trajectories:gene-add-button',
    geneOptions: 'trajectories:gene-options',
    /** One panel per gene and lineage instead of the lineages overlaid. */
    facet: 'trajectories:facet',
    apply: 'trajectories:apply',
    showHeldOut: 'trajectories:show-held-out',
    figure: 'trajectories:figure',
    message: 'trajectories:message',
  },
  /** The Compare view: two or more runs side by side. */
  compare: {
    /** One checkbox per finished run; data-run holds its id. */
    runToggle: 'compare:run-toggle',
    topK: 'compare:top-k',
    /** One row per pair of runs; data-a, data-b (run ids), data-jaccard and data-spearman (exact numbers). */
    pair: 'compare:pair',
    overlap: 'compare:overlap',
    metrics: 'compare:metrics',
    /** data-a, data-b and data-both hold how many edges are only in A, only in B, in both. */
    differenceCounts: 'compare:difference-counts',
    difference: 'compare:difference',
    /** The drawn difference network; its <svg> holds data-only-a, data-only-b, data-both (edges drawn per class). */
    figure: 'compare:figure',
    /** Shown instead of the figure when the classes shown hold too many edges to draw. */
    figureTooLarge: 'compare:figure-too-large',
    /** The class filter; one checkbox per class, data-class a, b or both. */
    classFilter: 'compare:class-filter',
    classToggle: 'compare:class-toggle',
    exportFormat: 'compare:export-format',
    exportWidth: 'compare:export-width',
    export: 'compare:export',
    status: 'compare:status',
    message: 'compare:message',
    empty: 'compare:empty',
  },
  metrics: {
    table: 'metrics:table',
    empty: 'metrics:empty',
    /** Warnings about the run (degraded training, empty or dense network, no better than a straight line). */
    warnings: 'metrics:warnings',
  },
  /** Sweep view (issue 16): a grid of fits, its tasks, λ path and consensus network. */
  sweep: {
    empty: 'sweep:empty',
    method: 'sweep:method',
    iterations: 'sweep:iterations',
    tfList: 'sweep:tf-list',
    lambdas: 'sweep:lambdas',
    seeds: 'sweep:seeds',
    subsamples: 'sweep:subsamples',
    nulls: 'sweep:nulls',
    executor: 'sweep:executor',
    /** Why Slurm is or is not offered (sbatch on the PATH). */
    executorNote: 'sweep:executor-note',
    workers: 'sweep:workers',
    partition: 'sweep:partition',
    time: 'sweep:time',
    account: 'sweep:account',
    /** What the grid amounts to, or what is wrong with it. */
    plan: 'sweep:plan',
    start: 'sweep:start',
    cancel: 'sweep:cancel',
    resume: 'sweep:resume',
    progress: 'sweep:progress',
    /** The task table; each row carries data-task and data-state. */
    tasks: 'sweep:tasks',
    task: 'sweep:task',
    /** A failed task's message and the end of its log. */
    taskLog: 'sweep:task-log',
    lambdaPath: 'sweep:lambda-path',
    consensusLambda: 'sweep:consensus-lambda',
    minConfidence: 'sweep:min-confidence',
    consensus: 'sweep:consensus',
    /** The consensus edges as a table: source, target, confidence, FDR, sign. */
    consensusTable: 'sweep:consensus-table',
    /** The consensus network as a file: format, the button, what was written. */
    exportFormat: 'sweep:export-format',
    export: 'sweep:export',
    exportStatus: 'sweep:export-status',
  },
} as const;

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];
export type TestId = Leaves<typeof TEST_IDS>;

/** Every id, flat (the e2e helper checks that none is missing from a screen it visits). */
export const ALL_TEST_IDS: TestId[] = Object.values(TEST_IDS).flatMap((group) => Object.values(group)) as TestId[];
