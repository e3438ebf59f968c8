// pymdownx.tabbed's sets as tabs: a tab list with keyboard access (arrows, Home, End), one panel shown.

let sets = 0;

export function makeTabs(root: HTMLElement): void {
  for (const set of root.querySelectorAll<HTMLElement>('.tabbed-set')) {
    const blocks = [...set.children].filter((child): child is HTMLElement => child instanceof HTMLElement && child.classList.contains('tabbed-block'));
    if (blocks.length === 0) continue;
    const id = `tabs-${++sets}`;
    const list = document.createElement('div');
    list.className = 'tabbed-labels';
    list.setAttribute('role', 'tablist');
    const tabs = blocks.map((block, index) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.className = 'tabbed-label';
      tab.id = `${id}-tab-${index}`;
      tab.textContent = block.dataset.title ?? `Tab ${index + 1}`;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', `${id}-panel-${index}`);
      block.id = `${id}-panel-${index}`;
      block.setAttribute('role', 'tabpanel');
      block.setAttribute('aria-labelledby', tab.id);
      tab.addEventListener('click', () => select(index));
      tab.addEventListener('keydown', (event) => {
        const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: blocks.length - 1 }[event.key];
        if (next === undefined) return;
        event.preventDefault();
        const wrapped = (next + blocks.length) % blocks.length;
        select(wrapped);
        tabs[wrapped].focus();
      });
      list.append(tab);
      return tab;
    });
    const select = (chosen: number) => {
      tabs.forEach((tab, index) => {
        tab.setAttribute('aria-selected', String(index === chosen));
        tab.tabIndex = index === chosen ? 0 : -1;
        blocks[index].hidden = index !== chosen;
      });
    };
    set.prepend(list);
    select(0);
  }
}
