/*
 * N-API glue for the native build of the fused kernels (N-API, so one binary loads in Node and in Electron's main or
 * utility process): run(arena, base, mode) over an ArrayBuffer planned by workspace-plan.ts, plus what the loader
 * needs to choose a build (ABI version, SIMD flavour, CPU features).
 */
#include <node_api.h>
#include "kernel-abi.h"

int pr_run(char *base, int mode);
int pr_abi_version(void);
int pr_per_edge_field(char *base);
double pr_per_edge_field_scratch_doubles(int genes, int hidden, int sources, int rows);

#if defined(__AVX2__) && defined(__FMA__)
#define PR_SIMD_FLAVOUR "avx2+fma"
#elif defined(__aarch64__)
#define PR_SIMD_FLAVOUR "neon"
#elif defined(__SSE2__)
#define PR_SIMD_FLAVOUR "sse2"
#else
#define PR_SIMD_FLAVOUR "generic"
#endif

static napi_value make_int(napi_env env, int value) {
  napi_value result;
  napi_create_int32(env, value, &result);
  return result;
}

static napi_value Run(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, 0, 0);
  void *data = 0;
  size_t length = 0;
  int32_t base = -1, mode = -1;
  if (argc != 3 || napi_get_arraybuffer_info(env, argv[0], &data, &length) != napi_ok ||
      napi_get_value_int32(env, argv[1], &base) != napi_ok || napi_get_value_int32(env, argv[2], &mode) != napi_ok) {
    napi_throw_type_error(env, 0, "run(arena: ArrayBuffer, base: number, mode: number)");
    return 0;
  }
  if (base < 0 || (size_t)base + PR_REALS_OFFSET + PR_REALS * 8 > length || ((size_t)data + base) % 8 != 0) {
    napi_throw_range_error(env, 0, "run: the arena is shorter than its header or not 8-byte aligned");
    return 0;
  }
  return make_int(env, pr_run((char *)data + base, mode));
}

/* perEdgeField(arena, base): the per-edge field's loss and gradient (per-edge-field-loss.c) over its own arena layout. */
static napi_value PerEdgeField(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, 0, 0);
  void *data = 0;
  size_t length = 0;
  int32_t base = -1;
  if (argc != 2 || napi_get_arraybuffer_info(env, argv[0], &data, &length) != napi_ok ||
      napi_get_value_int32(env, argv[1], &base) != napi_ok) {
    napi_throw_type_error(env, 0, "perEdgeField(arena: ArrayBuffer, base: number)");
    return 0;
  }
  if (base < 0 || (size_t)base + 128 > length || ((size_t)data + base) % 8 != 0) {
    napi_throw_range_error(env, 0, "perEdgeField: the arena is shorter than its header or not 8-byte aligned");
    return 0;
  }
  return make_int(env, pr_per_edge_field((char *)data + base));
}

static napi_value PerEdgeFieldScratchDoubles(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, 0, 0);
  int32_t genes = 0, hidden = 0, sources = 0, rows = 0;
  if (argc != 4 || napi_get_value_int32(env, argv[0], &genes) != napi_ok || napi_get_value_int32(env, argv[1], &hidden) != napi_ok ||
      napi_get_value_int32(env, argv[2], &sources) != napi_ok || napi_get_value_int32(env, argv[3], &rows) != napi_ok) {
    napi_throw_type_error(env, 0, "perEdgeFieldScratchDoubles(genes: number, hidden: number, sources: number, rows: number)");
    return 0;
  }
  napi_value result;
  napi_create_double(env, pr_per_edge_field_scratch_doubles(genes, hidden, sources, rows), &result);
  return result;
}

static napi_value AbiVersion(napi_env env, napi_callback_info info) {
  (void)info;
  return make_int(env, pr_abi_version());
}

static napi_value SimdFlavour(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_string_utf8(env, PR_SIMD_FLAVOUR, NAPI_AUTO_LENGTH, &result);
  return result;
}

/* Whether this CPU runs the AVX2+FMA build (asked of the baseline build before loading the other one). */
static napi_value CpuHasAvx2Fma(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  napi_get_boolean(env, __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"), &result);
#else
  napi_get_boolean(env, 0, &result);
#endif
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
    {"run", 0, Run, 0, 0, 0, napi_default, 0},
    {"abiVersion", 0, AbiVersion, 0, 0, 0, napi_default, 0},
    {"simd", 0, SimdFlavour, 0, 0, 0, napi_default, 0},
    {"cpuHasAvx2Fma", 0, CpuHasAvx2Fma, 0, 0, 0, napi_default, 0},
    {"perEdgeField", 0, PerEdgeField, 0, 0, 0, napi_default, 0},
    {"perEdgeFieldScratchDoubles", 0, PerEdgeFieldScratchDoubles, 0, 0, 0, napi_default, 0},
  };
  napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
  return exports;
}
