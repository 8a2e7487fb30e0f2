// The look: Mantine's defaults with the campaign's red as the primary colour, a visible focus
// ring on every control (keyboard users must always see where they are), and colours that meet
// WCAG AA contrast (dimmed text, a field's error, light and outline variants darkened; dark text on yellow). The
// system font: every staff computer and phone has one that covers Vietnamese.
import { createTheme, defaultVariantColorsResolver, parseThemeColor } from '@mantine/core';
import type { CSSVariablesResolver, VariantColorsResolver } from '@mantine/core';

const LIGHT_BACKGROUNDS = new Set(['yellow', 'lime', 'cyan', 'teal']);
/** A colour's darkest shade, darker still: text on white or on its own light tint reads at 4.5:1 or more. */
const dark = (colour: string) => `color-mix(in srgb, var(--mantine-color-${colour}-9) 62%, black)`;

const variantColorResolver: VariantColorsResolver = (input) => {
  const colours = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return colours;
  if (input.variant === 'light' || input.variant === 'subtle' || input.variant === 'dot' || input.variant === 'transparent') {
    return { ...colours, color: dark(parsed.color) };
  }
  if (input.variant === 'outline') return { ...colours, color: dark(parsed.color), border: `1px solid ${dark(parsed.color)}` };
  if (input.variant === 'filled' && LIGHT_BACKGROUNDS.has(parsed.color)) return { ...colours, color: 'var(--mantine-color-black)' };
  return colours;
};

export const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: { '--mantine-color-dimmed': theme.colors.gray[7]!, '--mantine-color-placeholder': theme.colors.gray[6]!, '--mantine-color-error': theme.colors.red[9]! },
  dark: {},
});

export const theme = createTheme({
  primaryColor: 'red',
  primaryShade: { light: 8, dark: 6 },
  focusRing: 'always',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'md',
  variantColorResolver,
});
