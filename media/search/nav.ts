// Roving focus over the result list: one item is in the tab order at a time (and so are its own
// buttons); Up/Down/Home/End move between items, Enter opens, Delete asks to delete.

export interface ListKeys {
  open(id: string): void;
  remove(id: string): void;
  /** Up from the first item goes back here (the search box). */
  leaveTop(): void;
}

const ITEM = '.result';

export class RovingList {
  private activeId: string | null = null;

  constructor(
    private readonly list: HTMLElement,
    keys: ListKeys,
  ) {
    list.addEventListener('focusin', (e) => {
      const item = (e.target as HTMLElement).closest<HTMLElement>(ITEM);
      if (item) this.activate(item, false);
    });
    list.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      const item = target.closest<HTMLElement>(ITEM);
      if (!item) return;
      const items = this.items();
      const i = items.indexOf(item);
      const go = (n: number): void => {
        e.preventDefault();
        const next = items[Math.max(0, Math.min(items.length - 1, n))];
        if (next) this.activate(next, true);
      };
      switch (e.key) {
        case 'ArrowDown':
          return go(i + 1);
        case 'ArrowUp':
          if (i === 0) {
            e.preventDefault();
            keys.leaveTop();
            return;
          }
          return go(i - 1);
        case 'Home':
          return go(0);
        case 'End':
          return go(items.length - 1);
        case 'Enter':
          if (target !== item) return; // a focused button handles its own Enter
          e.preventDefault();
          keys.open(item.dataset.id ?? '');
          return;
        case 'Delete':
        case 'Backspace':
          if (target !== item || (e.key === 'Backspace' && !e.metaKey)) return;
          e.preventDefault();
          keys.remove(item.dataset.id ?? '');
          return;
      }
    });
  }

  get active(): string | null {
    return this.activeId;
  }

  /** Whether keyboard focus is inside the list. */
  hasFocus(): boolean {
    return this.list.contains(document.activeElement);
  }

  /** After a re-render: keeps the same item active (or the one now at `fallbackIndex`), optionally focused. */
  restore(id: string | null, fallbackIndex: number, focus: boolean): void {
    const items = this.items();
    const item = items.find((x) => x.dataset.id === id) ?? items[Math.min(Math.max(fallbackIndex, 0), items.length - 1)];
    this.activeId = null;
    if (item) this.activate(item, focus);
  }

  focusActive(): boolean {
    const items = this.items();
    const item = items.find((x) => x.dataset.id === this.activeId) ?? items[0];
    if (!item) return false;
    this.activate(item, true);
    return true;
  }

  indexOf(id: string | null): number {
    return this.items().findIndex((x) => x.dataset.id === id);
  }

  private items(): HTMLElement[] {
    return [...this.list.querySelectorAll<HTMLElement>(ITEM)];
  }

  private activate(item: HTMLElement, focus: boolean): void {
    const id = item.dataset.id ?? null;
    if (id !== this.activeId) {
      for (const other of this.items()) setTabbable(other, other === item);
      this.activeId = id;
    }
    if (focus) {
      item.focus();
      item.scrollIntoView({ block: 'nearest' });
    }
  }
}

/** The active item and its buttons are tabbable; the others only by arrow keys or the mouse. */
export function setTabbable(item: HTMLElement, on: boolean): void {
  const value = on ? '0' : '-1';
  item.tabIndex = on ? 0 : -1;
  item.classList.toggle('active', on);
  for (const b of item.querySelectorAll<HTMLElement>('button')) b.setAttribute('tabindex', value);
}
