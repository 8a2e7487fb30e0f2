// The look: Mantine's defaults with the campaign's red as the primary colour and a visible focus
// ring on every control (keyboard users must always see where they are). The system font: every
// staff computer and phone has one that covers Vietnamese.
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'red',
  primaryShade: { light: 8, dark: 6 },
  focusRing: 'always',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'md',
});
