/**
 * Theme data as the host hands it to an extension in the SDK handshake (`themeData`: CSS variable names without the
 * leading dashes). A subset of Azure DevOps' light and dark themes: the variables azure-devops-ui and the tab use.
 */
export type ThemeName = 'light' | 'dark';

export const THEMES: Record<ThemeName, Record<string, string>> = {
  light: {
    'background-color': 'rgba(255, 255, 255, 1)',
    'text-primary-color': 'rgba(0, 0, 0, .9)',
    'text-secondary-color': 'rgba(0, 0, 0, .55)',
    'text-disabled-color': 'rgba(0, 0, 0, .38)',
    'communication-background': 'rgba(0, 120, 212, 1)',
    'communication-foreground': 'rgba(0, 90, 158, 1)',
    'palette-black-alpha-6': 'rgba(0, 0, 0, .06)',
    'palette-black-alpha-10': 'rgba(0, 0, 0, .10)',
    'palette-black-alpha-20': 'rgba(0, 0, 0, .20)',
    'palette-neutral-2': '248, 248, 248',
    'palette-neutral-4': '244, 244, 244',
    'palette-neutral-8': '234, 234, 234',
    'component-grid-row-hover-color': 'rgba(0, 0, 0, .02)',
    'component-grid-selected-row-color': 'rgba(222, 236, 249, 1)',
    'component-grid-cell-bottom-border-color': 'rgba(234, 234, 234, 1)',
    'focus-border-color': 'rgba(0, 120, 212, 1)',
    'callout-background-color': 'rgba(255, 255, 255, 1)',
    'status-error-foreground': 'rgba(205, 74, 69, 1)',
    'status-warning-foreground': 'rgba(181, 137, 0, 1)',
  },
  dark: {
    'background-color': 'rgba(32, 31, 30, 1)',
    'text-primary-color': 'rgba(255, 255, 255, .87)',
    'text-secondary-color': 'rgba(255, 255, 255, .6)',
    'text-disabled-color': 'rgba(255, 255, 255, .38)',
    'communication-background': 'rgba(0, 120, 212, 1)',
    'communication-foreground': 'rgba(40, 153, 245, 1)',
    'palette-black-alpha-6': 'rgba(255, 255, 255, .06)',
    'palette-black-alpha-10': 'rgba(255, 255, 255, .10)',
    'palette-black-alpha-20': 'rgba(255, 255, 255, .20)',
    'palette-neutral-2': '41, 40, 39',
    'palette-neutral-4': '47, 46, 45',
    'palette-neutral-8': '60, 59, 58',
    'component-grid-row-hover-color': 'rgba(255, 255, 255, .04)',
    'component-grid-selected-row-color': 'rgba(0, 69, 120, 1)',
    'component-grid-cell-bottom-border-color': 'rgba(60, 59, 58, 1)',
    'focus-border-color': 'rgba(40, 153, 245, 1)',
    'callout-background-color': 'rgba(37, 36, 35, 1)',
    'status-error-foreground': 'rgba(241, 112, 123, 1)',
    'status-warning-foreground': 'rgba(252, 225, 0, 1)',
  },
};
