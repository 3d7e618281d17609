# Native build of the fused kernels (npm run build:native, scripts/build-native.sh). Two builds on x86-64: one with
# AVX2+FMA and a baseline (SSE2) one the loader falls back to, so a CPU without AVX2 gets a working engine, not a crash.
# kernels_dir/native_dir (relative: gyp's make generator needs them so) are passed by the build script, which builds in
# the git-ignored src-main/engine/kernels/build/native/.
{
  "variables": {
    "kernels_dir%": "../kernels",
    "native_dir%": ".",
    "kernel_sources": [
      "<(kernels_dir)/adam.c",
      "<(kernels_dir)/closed-unit-pruning.c",
      "<(kernels_dir)/dopri5-cell-solve.c",
      "<(kernels_dir)/dopri5-dense-output.c",
      "<(kernels_dir)/dopri5-step.c",
      "<(kernels_dir)/gated-mlp-backward.c",
      "<(kernels_dir)/gated-mlp-forward.c",
      "<(kernels_dir)/hard-concrete-gates.c",
      "<(kernels_dir)/math-functions.c",
      "<(kernels_dir)/matmul-blocked.c",
      "<(kernels_dir)/per-edge-field-loss.c",
      "<(kernels_dir)/projected-weight-gradients.c",
      "<(kernels_dir)/regularizer-gradients.c",
      "<(kernels_dir)/rk4-binned-solve.c",
      "<(kernels_dir)/rk4-projected-step.c",
      "<(kernels_dir)/rk4-step.c",
      "<(kernels_dir)/training-iteration.c",
      "<(kernels_dir)/weight-transpose.c",
      "<(native_dir)/matmul-threads.c",
      "<(native_dir)/pathreg-native.c"
    ]
  },
  "target_defaults": {
    "include_dirs": ["<(kernels_dir)"],
    "defines": ["PR_NATIVE_THREADS", "NAPI_VERSION=8"],
    "cflags_c": ["-std=gnu11", "-O3", "-fno-math-errno", "-fPIC", "-pthread"],
    "cflags!": ["-O2", "-O0"],
    "ldflags": ["-pthread"],
    "xcode_settings": {"OTHER_CFLAGS": ["-O3", "-fno-math-errno"]}
  },
  "targets": [
    {
      "target_name": "pathreg_native",
      "sources": ["<@(kernel_sources)"],
      "conditions": [
        ["target_arch=='x64'", {"cflags_c": ["-mavx2", "-mfma"], "xcode_settings": {"OTHER_CFLAGS": ["-mavx2", "-mfma"]}}]
      ]
    },
    {
      "target_name": "pathreg_native_baseline",
      "sources": ["<@(kernel_sources)"]
    }
  ]
}
