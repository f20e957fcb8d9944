/**
 * Stands in for @tarojs/components and NutUI in the mini-program's unit tests: each component is a host element
 * of the same name, so react-test-renderer shows the tree the page would render (props included) and a test can
 * call an element's onInput / onClick as a tap would.
 */
import { createElement, type ReactNode } from 'react'

const host = (name: string) =>
  function Host(props: { children?: ReactNode } & Record<string, unknown>) {
    return createElement(name, props, props.children)
  }

export const View = host('View')
export const Text = host('Text')
export const Input = host('Input')
export const Textarea = host('Textarea')
export const Picker = host('Picker')
export const Image = host('Image')
export const Button = host('Button')
export const Switch = host('Switch')
export const Tag = host('Tag')
