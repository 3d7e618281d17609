/*
 * The contract between the TypeScript workspace plan (workspace-plan.ts) and the C kernels: one arena per problem,
 * an int32 header of sizes and byte offsets at its start, then a float64 block of scalars, then the buffers.
 * Every index below has a twin in workspace-plan.ts (HEADER); pr_abi_version() lets the loader check they agree.
 */
#ifndef PATHREG_KERNEL_ABI_H
#define PATHREG_KERNEL_ABI_H

#define PR_ABI_VERSION 5
#define PR_MAX_LAYERS 15
#define PR_SIMD_WIDTH 8
#define PR_HEADER_INTS 512
#define PR_REALS_OFFSET (PR_HEADER_INTS * 4)
#define PR_REALS 64

/* int32 header slots */
enum {
  H_ABI, H_GENES, H_BATCH, H_LAYERS, H_SOLVER, H_REGULARIZER, H_BINS, H_SUBSTEPS, H_STEP_CAPACITY, H_MAX_STEPS,
  H_CELL_COUNT, H_PARAM_COUNT, H_GATE_COUNT, H_STATUS, H_STEPS_TAKEN, H_STEPS_REJECTED, H_THREADS, H_MAX_PADDED,
  /* per-layer tables, PR_MAX_LAYERS + 1 slots each */
  H_SIZE = 32, H_PADDED = 48, H_ELU = 64,
  H_P_WEIGHTS = 80, H_P_BIAS = 96, H_P_LOGALPHA = 112, H_NOISE_AT = 128,
  H_O_Z = 144, H_O_DZ_DLOGIT = 160, H_O_DZ = 176, H_O_WT = 192, H_O_WTT = 208, H_O_BIAS = 224, H_O_DWT = 240,
  H_O_DBIAS = 256, H_O_ACT = 272, H_O_DELTA = 288, H_O_PATH_U = 304, H_O_PATH_V = 320,
  /* the network without its closed hidden units (closed-unit-pruning.c) */
  H_O_CWT = 336, H_O_CWTT = 352, H_O_CBIAS = 368, H_O_CDWT = 384, H_O_CDBIAS = 400, H_O_OPEN = 416,
  /* single buffers (byte offsets from the arena base) */
  H_O_PARAMS = 440, H_O_NOISE, H_O_GRAD, H_O_ADAM_M, H_O_ADAM_V, H_O_X0, H_O_BIN_TIMES, H_O_BIN_VALUES,
  H_O_BIN_WEIGHTS, H_O_CELL_TIMES, H_O_CELL_VALUES, H_O_CELL_START, H_O_CELL_STEP, H_O_CELL_THETA, H_O_CELL_PRED,
  H_O_STATES, H_O_STEP_T, H_O_STEP_H, H_O_K, H_O_GK, H_O_G, H_O_GIN, H_O_GACC, H_O_SCRATCH, H_O_PROBE_HIDDEN,
  /* the projected RK4 sweep (rk4-projected-step.c) */
  H_O_PROJ_M, H_O_PROJ_MT, H_O_PROJ_BIAS_W0, H_O_PROJ_Q, H_O_PROJ_STATE_W0, H_O_PROJ_G_LAST, H_O_PROJ_D_LAST,
  H_O_PROJ_STAGE_SUM, H_O_PROJ_G_STEPS, H_O_PROJ_DELTA_SUM, H_O_PROJ_SHIFTED
};

/* float64 scalar slots, at byte PR_REALS_OFFSET */
enum {
  R_LAMBDA, R_RTOL, R_ATOL, R_LEARNING_RATE, R_BIAS_CORRECTION1, R_BIAS_CORRECTION2_SQRT, R_LOSS_DATA, R_LOSS_PENALTY,
  R_FAIL_TIME
};

enum { SOLVER_RK4 = 0, SOLVER_DOPRI5 = 1 };
enum { REG_NONE = 0, REG_PATHREG = 1, REG_L1 = 2, REG_L0 = 3, REG_GROUP_LASSO = 4 };
enum { STATUS_OK = 0, STATUS_STEP_CAPACITY = 1, STATUS_TOO_MANY_STEPS = 2, STATUS_STEP_UNDERFLOW = 3, STATUS_NON_FINITE = 4 };
enum { MODE_GRADIENT = 0, MODE_TRAIN = 1, MODE_PREDICT = 2 };

typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));
/* Rows are padded to 8 floats, but an arena from JavaScript is only 16-byte aligned: load through a 4-aligned type. */
typedef float v8f_mem __attribute__((vector_size(32), aligned(4)));

/*
 * The RK4 sweep with the first and last layers folded through the state (rk4-projected-step.c). Stage inputs are
 * x + c·k and k = a_last·W̃_last + b_last, so (x + c·k)·W̃_0 = x·W̃_0 + c·(a_last·M + b_last·W̃_0) with M = W̃_last·W̃_0
 * (hidden × hidden): the gene-wide products run once per step instead of once per stage.
 */
typedef struct {
  float *m;           /* M = W̃_last·W̃_0: size[last] × padded[1] */
  float *mt;          /* Mᵀ: size[1] × padded[last] */
  float *bias_w0;     /* b_last·W̃_0: padded[1] */
  float *q;           /* Q = Σ c_s·a_last,s−1ᵀ·δ0_s over every stage, for the weight gradients: size[last] × padded[1] */
  float *state_w0;    /* x_n·W̃_0 of the current step: slot_rows × padded[1] */
  float *g_last;      /* ḡ·W̃_lastᵀ of the current step: slot_rows × padded[last] */
  float *d_last;      /* d loss / d a_last of the current stage: slot_rows × padded[last] */
  float *stage_sum;   /* Σ_s b_s·a_last,s of every step (b = h/6·[1, 2, 2, 1]): steps × slot_rows × padded[last] */
  float *g_steps;     /* ḡ = d loss / d x_{n+1} of every step: steps × slot_rows × padded[0] */
  float *delta_sum;   /* Σ_s δ0_s of every step: steps × slot_rows × padded[1] */
  float *shifted;     /* c_{s+1}·δ0_{s+1} beside a_last,s (0 beside the 4th stage): evaluations × slot_rows × padded[1] */
} Projection;

/* The network as the kernels see it for one call: pointers resolved from the header. */
typedef struct {
  int layers;
  int size[PR_MAX_LAYERS + 1];
  int padded[PR_MAX_LAYERS + 1];
  int elu[PR_MAX_LAYERS];
  float *wt[PR_MAX_LAYERS];    /* gated weights, size[l] × padded[l+1] */
  float *wtt[PR_MAX_LAYERS];   /* their transpose, size[l+1] × padded[l] */
  float *bias[PR_MAX_LAYERS];  /* padded[l+1] */
  float *act[PR_MAX_LAYERS];   /* stored layer inputs of every evaluation, rows × padded[l] */
  float *delta[PR_MAX_LAYERS]; /* stored d loss / d pre-activation of every evaluation, rows × padded[l+1] */
  float *scratch;              /* hidden activations when nothing is stored (step-size probes) */
  int max_padded;
  int batch;                   /* rows this net computes */
  int slot_rows;               /* rows per evaluation slot in the stored buffers (the whole batch) */
  int row_offset;              /* first row of this net inside each slot: a row-parallel half starts mid-batch */
  int threads;
  const Projection *projection; /* set when the RK4 sweep runs projected (rk4-projected-step.c), else null */
} Net;

/* This net's rows of evaluation `evaluation` inside a stored buffer whose rows hold `width` floats. */
static inline float *slot_rows_at(float *buffer, const Net *net, int evaluation, int width) {
  return buffer + (evaluation * net->slot_rows + net->row_offset) * width;
}

typedef struct {
  char *base;
  int *h;
  double *r;
} Workspace;

static inline void *ws_ptr(const Workspace *w, int slot) { return w->base + w->h[slot]; }
static inline int pad_width(int n) { return (n + PR_SIMD_WIDTH - 1) / PR_SIMD_WIDTH * PR_SIMD_WIDTH; }

/* math-functions.c: no libc in the WebAssembly build, so the few transcendental functions are ours. */
double pr_exp(double x);
double pr_log(double x);
double pr_sqrt(double x);
int pr_is_finite(double x);

/*
 * e^x for float x ≤ 0 (Cephes expf: Cody–Waite reduction, degree-6 polynomial, ≤ 2 ulp), branch-free so the ELU
 * loops vectorise; inputs below −87 return e^−87 ≈ 1.6e−38 instead of denormals.
 */
static inline float pr_exp_nonpositive_f32(float x) {
  x = x < -87.0f ? -87.0f : x;
  float kf = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
  float r = (x - kf * 0.693359375f) + kf * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  int bits = ((int)kf + 127) << 23;
  float scale;
  __builtin_memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

/* matmul-blocked.c */
void matmul_blocked(int m, int n, int k, const float *a, int a_row_stride, int a_k_stride, const float *b, int ldb,
                    float *c, int ldc, int accumulate, int threads);
/* Runs task(first) and task(second), on two threads in the native build, one after the other in WebAssembly. */
void parallel_pair(void (*task)(void *), void *first, void *second);

/* gated-mlp-forward.c / gated-mlp-backward.c */
void elu_in_place(float *restrict p, int count);
void mlp_forward(const Net *net, int evaluation, const float *input, float *output, int store);
void mlp_backward(const Net *net, int evaluation, const float *grad_output, float *grad_input);
float *mlp_backward_hidden(const Net *net, int evaluation, int top, float *d);
void mlp_weight_gradients(const Net *net, int evaluations, float *const *dwt, float *const *dbias);

/* hard-concrete-gates.c */
void gates_compute(const Workspace *w, const float *params, const float *noise, int sampled);
void gated_weights_build(const Workspace *w, Net *net, const float *params);

/* rk4-step.c */
void rk4_step_forward(const Net *net, int step, const float *x, float *x_next, float h, float *k);
void rk4_step_backward(const Net *net, int step, float h, float *g, float *gk, float *gin, float *gacc);

/* rk4-projected-step.c / projected-weight-gradients.c */
int projection_build(const Workspace *w, const Net *net, Projection *projection);
void rk4_projected_step_forward(const Net *net, int step, const float *x, float *x_next, float h, float *increment);
void rk4_projected_step_backward(const Net *net, int step, float h, float *g, float *increment);
void projected_weight_gradients(const Workspace *w, const Net *net, float *const *dwt, float *const *dbias);

/* dopri5-step.c */
int dopri5_solve_forward(const Workspace *w, const Net *net);
void dopri5_solve_backward(const Workspace *w, const Net *net);
double dopri5_cell_loss(const Workspace *w);

/* regularizer-gradients.c */
double regularizer_value_and_gradients(const Workspace *w, const Net *net, const float *params, float *grad);

/* adam.c */
void adam_update(float *params, const float *grad, float *m, float *v, int count, double learning_rate,
                 double bias_correction1, double bias_correction2_sqrt);

/* weight-transpose.c */
void transpose_padded(const float *restrict src, int rows, int cols, int src_stride, float *restrict dst, int dst_stride);
void gated_weights_transpose(const Net *net);

/* closed-unit-pruning.c */
int pruned_network_build(const Workspace *w, const Net *full, Net *pruned);
void pruned_gradients_scatter(const Workspace *w, const Net *full, const Net *pruned, float *const *dwt, float *const *dbias);
#endif
