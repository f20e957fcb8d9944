/** Rendering helpers shared by the mini project's tests (react-test-renderer, no browser). */
import { act, create, type ReactTestRenderer } from 'react-test-renderer'

/** Renders a hook in a throwaway component and gives its latest result. */
export function renderHook<R>(hook: () => R): { result: { current: R }; root: ReactTestRenderer } {
  const result = { current: undefined as unknown as R }
  function Probe() {
    result.current = hook()
    return null
  }
  let root!: ReactTestRenderer
  act(() => {
    root = create(<Probe />)
  })
  return { result, root }
}

/** Lets pending promises and timers of zero delay settle inside act. */
export const flush = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))))
