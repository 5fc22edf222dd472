// Tables that become cards on a phone (class `linli-cards`, styles/main.css): each cell is
// labelled with its column's heading, shown above the value when the header row is hidden.
// The directive `v-card-labels` (registered in main.js) copies the headings of `thead th` onto
// the cells of every body row as `data-label`, whenever the table's component renders, so that
// a list page needs no label per cell and a language switch relabels it.

/** Sets data-label on each body cell from the heading of its column. */
export function labelCells(table) {
  const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim())
  for (const row of table.querySelectorAll('tbody tr')) {
    ;[...row.children].forEach((cell, i) => {
      if (headings[i]) cell.setAttribute('data-label', headings[i])
      else cell.removeAttribute('data-label')
    })
  }
}

export const vCardLabels = {
  mounted: labelCells,
  updated: labelCells,
}
