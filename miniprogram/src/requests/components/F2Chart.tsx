/**
 * One AntV F2 (v5) chart on a Taro <Canvas type="2d">, for weapp and H5 alike. F2 draws on any standard
 * CanvasRenderingContext2D, so all this does is find the canvas node (SelectorQuery on weapp, the DOM on H5),
 * size it for the screen's pixel ratio and hand the context to F2's Canvas. Only the dashboard imports this
 * file, so F2 stays in the requests subpackage and out of the main package.
 */
import { useEffect, useRef } from 'react'
import Taro from '@tarojs/taro'
import { Canvas as TaroCanvas, View } from '@tarojs/components'
import { Canvas as F2Canvas, createElement } from '@antv/f2'
import { IS_WEAPP } from '../../services/config'

export { createElement }

interface Props {
  id: string
  height: number
  /** Builds the F2 element tree (Chart and its children) with F2's createElement: F2 has its own JSX. */
  build: () => unknown
  /** Redraws when this changes. */
  deps: unknown[]
}

interface Node {
  canvas: { width: number; height: number; getContext(kind: '2d'): CanvasRenderingContext2D | null }
  width: number
  height: number
  raf?: (cb: () => void) => number
  caf?: (id: number) => void
  createImage?: () => unknown
}

function findNode(id: string): Promise<Node | null> {
  if (!IS_WEAPP) {
    // Taro's H5 <Canvas> is a custom element wrapping the real <canvas>. The size comes from our own box:
    // the inner canvas's CSS size follows its pixel size until we fix it, which made F2 lay out at twice
    // the size (and half the text size) once scaled down.
    const host = document.getElementById(id)
    const el = (host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')) as HTMLCanvasElement | null
    const box = document.getElementById(`${id}-box`)
    if (!el || !box) return Promise.resolve(null)
    const rect = box.getBoundingClientRect()
    el.style.width = `${rect.width}px`
    el.style.height = `${rect.height}px`
    return Promise.resolve({ canvas: el, width: rect.width, height: rect.height })
  }
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res) => {
        const hit = res?.[0] as { node?: any; width: number; height: number } | undefined
        if (!hit?.node) return resolve(null)
        const node = hit.node
        resolve({
          canvas: node,
          width: hit.width,
          height: hit.height,
          raf: (cb) => node.requestAnimationFrame(cb),
          caf: (h) => node.cancelAnimationFrame(h),
          createImage: () => node.createImage(),
        })
      })
  })
}

export default function F2Chart({ id, height, build, deps }: Props) {
  const chart = useRef<F2Canvas | null>(null)
  const alive = useRef(true)

  useEffect(() => {
    alive.current = true
    return () => {
      alive.current = false
      chart.current?.destroy()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    let cancelled = false
    const draw = async () => {
      if (chart.current) {
        await chart.current.update({ ...(chart.current as any).props, children: build() })
        return
      }
      // The canvas exists only after the first paint; a few tries cover slow page transitions.
      let node: Node | null = null
      for (let i = 0; i < 10 && !node && !cancelled; i++) {
        await new Promise((r) => setTimeout(r, i === 0 ? 0 : 100))
        node = await findNode(id)
        if (node && node.width === 0) node = null
      }
      if (!node || cancelled || !alive.current) return
      const info = Taro.getSystemInfoSync()
      const pixelRatio = info.pixelRatio || 2
      // F2 sizes its theme (label fonts, ticks) in 750-wide design pixels and, by default, converts them
      // with the page's root font size — absent on weapp and Taro's own rem base on H5, which drew labels
      // at half size. Convert from the real window width instead, a little larger for older eyes.
      const designScale = ((info.windowWidth || 375) / 750) * 1.2
      node.canvas.width = node.width * pixelRatio
      node.canvas.height = node.height * pixelRatio
      const props: any = {
        context: node.canvas.getContext('2d'),
        pixelRatio,
        px2hd: (px: number) => Number((px * designScale).toFixed(1)),
        width: node.width,
        height: node.height,
        // Figures for leaders: no entrance animation, the numbers should just be there.
        animate: false,
        children: build(),
      }
      if (node.raf) Object.assign(props, { requestAnimationFrame: node.raf, cancelAnimationFrame: node.caf, createImage: node.createImage })
      const canvas = new F2Canvas(props)
      chart.current = canvas
      await canvas.render()
    }
    void draw().catch((err) => console.error('[chart]', err))
    return () => {
      cancelled = true
    }
  }, deps)

  return (
    <View id={`${id}-box`} style={{ width: '100%', height: `${height}px` }}>
      <TaroCanvas type='2d' id={id} canvasId={id} style={{ width: '100%', height: `${height}px` }} />
    </View>
  )
}
