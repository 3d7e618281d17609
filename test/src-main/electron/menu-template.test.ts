import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuActions } from '../../../src-main/electron/menu-template.ts';

const clicked: string[] = [];
const actions = new Proxy({} as MenuActions, {
  get: (_t, name: string) => (arg?: unknown) => clicked.push(`${name}${arg ? `:${JSON.stringify(arg)}` : ''}`),
});

function labels(items: MenuItemConstructorOptions[]): string[] {
  return items.map((item) => item.label ?? item.role ?? item.type ?? '?');
}

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = items.find((i) => i.label === label);
  if (!item) throw new Error(`no menu item ${label} in ${labels(items).join(', ')}`);
  return item;
}

describe('menu template', () => {
  const template = buildMenuTemplate({
    actions,
    recent: [{ kind: 'project', path: '/p/a.pathreg' }],
    examples: [{ exampleId: 'hematopoiesis', title: 'Hematopoiesis', description: '', path: '/x', license: 'MIT' }],
    developer: false,
    isMac: false,
  });

  it('has File, Edit, View and Help', () => {
    expect(labels(template)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('offers open, open example, open recent, projects and export under File, wired to their actions', () => {
    const file = template[0].submenu as MenuItemConstructorOptions[];
    expect(labels(file)).toEqual(
      expect.arrayContaining([
        'Open Data File…',
        'Open Data Folder…',
        'Open Example',
        'Open Recent',
        'Open Project…',
        'Save Project…',
        'Export Figures and Network…',
      ]),
    );
    const example = (find(file, 'Open Example').submenu as MenuItemConstructorOptions[])[0];
    const recent = (find(file, 'Open Recent').submenu as MenuItemConstructorOptions[])[0];
    clicked.length = 0;
    (example.click as () => void)();
    (recent.click as () => void)();
    expect(clicked).toEqual(['openExample:"hematopoiesis"', 'openRecent:{"kind":"project","path":"/p/a.pathreg"}']);
  });

  it('shows developer tools only in development and puts version and licenses under Help', () => {
    const view = template[2].submenu as MenuItemConstructorOptions[];
    expect(view.some((item) => item.role === 'toggleDevTools')).toBe(false);
    const help = template[3].submenu as MenuItemConstructorOptions[];
    expect(labels(help)).toEqual(['About PathReg Studio', 'Licenses']);
  });
});
