// Every test of the mini project: react-test-renderer runs inside act-aware tests, and Taro's stand-in starts empty.
import { resetTaro } from './taro-lifecycle'
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
beforeEach(() => resetTaro())
