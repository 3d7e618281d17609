/**
 * TF.js's native backends as optional accelerators of the reference engine: @tensorflow/tfjs-node (libtensorflow on
 * the CPU) and @tensorflow/tfjs-node-gpu (libtensorflow with CUDA). Neither is a dependency of this app: each needs
 * a libtensorflow binary that its install step downloads, and the GPU build needs the CUDA and cuDNN versions it was
 * built for (CUDA 11.2 and cuDNN 8.1 for tfjs-node-gpu 4.x), which current GPUs and drivers often no longer match. So
 * they are tried with a dynamic import, and a failure is explained (not installed, binary missing, CUDA mismatch)
 * and reported as the backend's availability, never thrown unless the user asked for that backend.
 */
import * as tf from '@tensorflow/tfjs';

export type TfjsNodePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

/** Imports a module by name; replaceable so tests can exercise each failure without the packages installed. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

const importModule: ModuleImporter = (specifier) => import(specifier);

export interface TfjsNodeProbe {
  available: boolean;
  reason: string;
}

/** The TF.js backend both packages register. */
export const TFJS_NODE_BACKEND = 'tensorflow';

/** Tries to load the package and checks that it registered its backend with this app's copy of TF.js. */
export async function probeTfjsNode(pkg: TfjsNodePackage, importer: ModuleImporter = importModule): Promise<TfjsNodeProbe> {
  try {
    await importer(pkg);
  } catch (error) {
    return { available: false, reason: explainTfjsNodeFailure(pkg, error) };
  }
  if (!tf.findBackendFactory(TFJS_NODE_BACKEND)) {
    return {
      available: false,
      reason: `${pkg} loaded but registered its backend with another copy of TensorFlow.js than this app's ${tf.version.tfjs}: install the ${pkg} version that matches @tensorflow/tfjs ${tf.version.tfjs}`,
    };
  }
  return { available: true, reason: `${pkg} loaded (libtensorflow${pkg.endsWith('-gpu') ? ' with CUDA' : ' on the CPU'})` };
}

/** Why the package did not load, in words, from the error its import threw. */
export function explainTfjsNodeFailure(pkg: TfjsNodePackage, error: unknown): string {
  const text = error instanceof Error ? `${error.message} ${(error as NodeJS.ErrnoException).code ?? ''}` : String(error);
  const gpu = pkg.endsWith('-gpu');
  // CUDA first: a CUDA library that does not load surfaces while the binding loads, so its message may name both.
  if (/libcudart|libcudnn|libcublas|libcufft|libcurand|libcusolver|libcusparse|CUDA|cuda/.test(text)) {
    const library = /lib(cudart|cudnn|cublas|cufft|curand|cusolver|cusparse)[\w.]*/.exec(text)?.[0];
    return `${pkg} is installed but cannot use CUDA${library ? ` (${library} is missing or of another version)` : ''}: it needs CUDA 11.2 and cuDNN 8.1 on the library path; the other engines run without them (${firstLine(text)})`;
  }
  if (/libtensorflow|tfjs_binding\.node|napi-v\d/.test(text)) {
    return `${pkg} is installed but its libtensorflow binary is missing or does not load (its install step downloads it; run npm rebuild ${pkg} with network access) (${firstLine(text)})`;
  }
  // Only the package itself not being found means "not installed"; a missing dependency of it is another failure.
  if (text.includes(`Cannot find package '${pkg}'`) || text.includes(`Cannot find module '${pkg}'`)) {
    return `${pkg} is not installed (optional${gpu ? '; it needs an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1' : ''}): install it with npm install ${pkg} to offer it`;
  }
  return `${pkg} failed to load: ${firstLine(text)}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0].slice(0, 300);
}
