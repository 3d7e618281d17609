/*
 * The LZF filter (HDF5 filter id 32000, as h5py and anndata write it) for h5wasm, built as a WebAssembly side module
 * that HDF5's plugin loader opens. Decompression only: PathReg reads LZF data and never writes it.
 * Format: liblzf 3.6 (Marc Lehmann), lzf_d.c; h5py's lzf_filter.c stores the chunk's byte size in cd_values[2].
 */
typedef unsigned long size_t;

/* Exported by h5wasm's main module for plugins: HDF5 frees the buffer a filter returns with its own allocator. */
extern void *H5allocate_memory(size_t size, _Bool clear);
extern int H5free_memory(void *mem);

#define H5Z_FLAG_REVERSE 0x0100u
#define LZF_FILTER_ID 32000
/* A chunk that claims to decompress to more than this is refused: no real chunk is larger, a damaged header can be. */
#define LZF_MAX_CHUNK_BYTES (1u << 30)

typedef struct {
  int version;
  int id;
  unsigned encoder_present;
  unsigned decoder_present;
  const char *name;
  void *can_apply;
  void *set_local;
  size_t (*filter)(unsigned flags, size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t *buf_size, void **buf);
} H5Z_class2_t;

/* Returns the decompressed length, 0 when the input is malformed, or (size_t)-1 when the output does not fit. */
static size_t lzf_decompress(const unsigned char *in, size_t in_len, unsigned char *out, size_t out_len) {
  const unsigned char *ip = in, *in_end = in + in_len;
  unsigned char *op = out, *out_end = out + out_len;
  while (ip < in_end) {
    unsigned ctrl = *ip++;
    if (ctrl < 32) { /* a literal run of ctrl + 1 bytes */
      ctrl++;
      if ((size_t)(out_end - op) < ctrl) return (size_t)-1;
      if ((size_t)(in_end - ip) < ctrl) return 0;
      while (ctrl--) *op++ = *ip++;
    } else { /* a back reference: length (ctrl >> 5) + 2, distance from the low bits and the next byte */
      size_t len = ctrl >> 5;
      size_t distance = (size_t)(ctrl & 0x1f) << 8;
      if (len == 7) {
        if (ip >= in_end) return 0;
        len += *ip++;
      }
      if (ip >= in_end) return 0;
      distance += *ip++;
      len += 2;
      if ((size_t)(op - out) < distance + 1) return 0;
      if ((size_t)(out_end - op) < len) return (size_t)-1;
      const unsigned char *ref = op - distance - 1;
      while (len--) *op++ = *ref++; /* byte by byte: the source may overlap what is being written */
    }
  }
  return (size_t)(op - out);
}

static size_t lzf_filter(unsigned flags, size_t cd_nelmts, const unsigned cd_values[], size_t nbytes, size_t *buf_size,
                         void **buf) {
  if (!(flags & H5Z_FLAG_REVERSE)) return 0; /* no encoder */
  size_t out_size = (cd_nelmts >= 3 && cd_values[2] != 0) ? cd_values[2] : *buf_size;
  for (;;) {
    if (out_size == 0 || out_size > LZF_MAX_CHUNK_BYTES) return 0;
    unsigned char *out = H5allocate_memory(out_size, 0);
    if (!out) return 0;
    size_t got = lzf_decompress((const unsigned char *)*buf, nbytes, out, out_size);
    if (got != 0 && got != (size_t)-1) {
      H5free_memory(*buf);
      *buf = out;
      *buf_size = out_size;
      return got;
    }
    H5free_memory(out);
    if (got == 0) return 0;
    out_size *= 2; /* only when cd_values did not give the chunk size */
  }
}

static const H5Z_class2_t lzf_class = {1, LZF_FILTER_ID, 0, 1, "lzf", 0, 0, lzf_filter};

__attribute__((visibility("default"))) int H5PLget_plugin_type(void) { return 0; /* H5PL_TYPE_FILTER */ }
__attribute__((visibility("default"))) const void *H5PLget_plugin_info(void) { return &lzf_class; }
