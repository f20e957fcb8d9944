/**
 * Where F2 comes from. H5 (and any platform without a file of its own): the package, bundled by webpack as usual.
 * The weapp build uses f2-module.weapp.ts instead (Taro picks the `.weapp.ts` file for `--type weapp`), which
 * loads F2 from the shared `charts` subpackage.
 */
import * as F2 from '@antv/f2'

export type F2Module = typeof F2

export function loadF2(): Promise<F2Module> {
  return Promise.resolve(F2)
}
