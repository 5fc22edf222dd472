// Showing a page at a new address. The layout makes a view again for another address (its
// state then comes from the address), but not for the one already shown: there the page
// reloads by hand.

/**
 * Goes to `location`, or calls `reload()` when that is the address shown now (`route`).
 * `replace` replaces the history entry instead of adding one.
 */
export async function goOrReload(router, route, location, reload, { replace = false } = {}) {
  const target = router.resolve(location)
  if (target.fullPath === route.fullPath) await reload()
  else if (replace) await router.replace(target)
  else await router.push(target)
}
