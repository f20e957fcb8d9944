/**
 * One AntV F2 (v5) chart on a Taro <Canvas type="2d">, for weapp and H5 alike. F2 draws on any standard
 * CanvasRenderingContext2D, so all this does is find the canvas node (SelectorQuery on weapp, the DOM on H5),
 * size it for the screen's pixel ratio and hand the context to F2's Canvas. F2 itself comes from loadF2
 * (f2-module.ts): on weapp it is one file in the `charts` subpackage shared by the requests dashboard and the
 * consult results chart, never in the main package; the chart's `build` gets it as `f2`.
 */
import { useEffect, useRef } from 'react'
import Taro from '@tarojs/taro'
import { Canvas as TaroCanvas, View } from '@tarojs/components'
import type { Canvas as F2Canvas } from '@antv/f2'
import { IS_WEAPP } from '../services/config'
import { useLargeText } from '../services/preferences'
import { loadF2, type F2Module } from './f2-module'

export type { F2Module }

/** F2's theme sizes axis labels at 20 design pixels (of 750); the size a chart draws them at is px2hd(20). */
const AXIS_LABEL_DESIGN_PX = 20
/** 大字模式 enlarges chart text by the same quarter as the page's --fs-* tokens (app.css). */
const LARGE_TEXT_SCALE = 1.25

interface Props {
  id: string
  height: number
  /**
   * Builds the F2 element tree (Chart and its children) with F2's createElement (`f2.createElement`): F2 has its
   * own JSX. Given F2 itself, the chart's width and its axis label size, so a chart can lay out labels that would
   * not fit side by side.
   */
  build: (size: ChartSize) => unknown
  /** Redraws when this changes. */
  deps: unknown[]
}

export interface ChartSize {
  /** The F2 library (loaded on demand: see f2-module.ts). */
  f2: F2Module
  /** The chart's width in px. */
  width: number
  /** The axis label size in px (larger in 大字模式). */
  labelPx: number
}

interface Node {
  canvas: { width: number; height: number; getContext(kind: '2d'): CanvasRenderingContext2D | null }
  width: number
  height: number
  raf?: (cb: () => void) => number
  caf?: (id: number) => void
  createImage?: () => unknown
  /** weapp: a canvas F2 measures text on (its default, OffscreenCanvas or document.createElement, is browser-only). */
  offscreenCanvas?: () => unknown
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
          // WeChat has no window or document: F2 (g-lite) measures axis labels on this canvas instead, else every
          // chart throws on its first label.
          offscreenCanvas: () => Taro.createOffscreenCanvas({ type: '2d', width: 10, height: 10 }),
        })
      })
  })
}

export default function F2Chart({ id, height, build, deps }: Props) {
  const chart = useRef<F2Canvas | null>(null)
  const f2 = useRef<F2Module | null>(null)
  const alive = useRef(true)
  /** The text scale the current F2 canvas was made with. */
  const drawnScale = useRef(1)
  const drawnWidth = useRef(0)
  // A canvas is no page text: the page's CSS tokens cannot reach it, so the chart is told itself.
  const fontScale = useLargeText() ? LARGE_TEXT_SCALE : 1
  // The labels of a chart drawn for 大字模式 need more room under the columns.
  const boxHeight = Math.round(height * (fontScale > 1 ? 1.15 : 1))
  const info = Taro.getSystemInfoSync()
  // F2 sizes its theme (label fonts, ticks) in 750-wide design pixels and, by default, converts them
  // with the page's root font size — absent on weapp and Taro's own rem base on H5, which drew labels
  // at half size. Convert from the real window width instead, a little larger for older eyes.
  const designScale = ((info.windowWidth || 375) / 750) * 1.2 * fontScale
  const px2hd = (px: number) => Number((px * designScale).toFixed(1))

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
      // The text size is fixed when F2's canvas is made: a change of mode draws the chart anew.
      if (chart.current && drawnScale.current !== fontScale) {
        chart.current.destroy()
        chart.current = null
      }
      if (chart.current && f2.current) {
        await chart.current.update({ ...(chart.current as any).props, children: build({ f2: f2.current, width: drawnWidth.current, labelPx: px2hd(AXIS_LABEL_DESIGN_PX) }) })
        return
      }
      const lib = f2.current ?? (f2.current = await loadF2())
      if (cancelled || !alive.current) return
      // The canvas exists only after the first paint; a few tries cover slow page transitions.
      let node: Node | null = null
      for (let i = 0; i < 10 && !node && !cancelled; i++) {
        await new Promise((r) => setTimeout(r, i === 0 ? 0 : 100))
        node = await findNode(id)
        if (node && node.width === 0) node = null
      }
      if (!node || cancelled || !alive.current) return
      const pixelRatio = info.pixelRatio || 2
      node.canvas.width = node.width * pixelRatio
      node.canvas.height = node.height * pixelRatio
      const props: any = {
        context: node.canvas.getContext('2d'),
        pixelRatio,
        px2hd,
        width: node.width,
        height: node.height,
        // Figures for leaders: no entrance animation, the numbers should just be there.
        animate: false,
        children: build({ f2: lib, width: node.width, labelPx: px2hd(AXIS_LABEL_DESIGN_PX) }),
      }
      if (node.raf) Object.assign(props, { requestAnimationFrame: node.raf, cancelAnimationFrame: node.caf, createImage: node.createImage })
      if (node.offscreenCanvas) props.offscreenCanvas = node.offscreenCanvas()
      const canvas = new lib.Canvas(props)
      // F2's renderer (g-lite) stops its frame loop on destroy with its config's cancelAnimationFrame, which F2 never
      // fills in, else the global one: WeChat has none, so leaving a chart's page threw and left the loop running.
      const renderer = (canvas as unknown as { canvas?: { getConfig?: () => Record<string, unknown> } }).canvas?.getConfig?.()
      if (node.caf && renderer) renderer.cancelAnimationFrame = node.caf
      drawnScale.current = fontScale
      drawnWidth.current = node.width
      chart.current = canvas
      await canvas.render()
    }
    void draw().catch((err) => console.error('[chart]', err))
    return () => {
      cancelled = true
    }
  }, [...deps, fontScale])

  // data-label-px: the axis label size this chart draws at, for tests (the canvas itself has no text to read).
  return (
    <View id={`${id}-box`} className='f2chart' data-label-px={px2hd(AXIS_LABEL_DESIGN_PX)} style={{ width: '100%', height: `${boxHeight}px` }}>
      <TaroCanvas type='2d' id={id} canvasId={id} style={{ width: '100%', height: `${boxHeight}px` }} />
    </View>
  )
}
