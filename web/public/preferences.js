// Apply saved preferences before the first paint (no flash of small text for elders). A file,
// not an inline script, so that the server's Content-Security-Policy (script-src 'self') runs it.
try {
  if (localStorage.getItem('linli.elderMode') === '1') document.documentElement.classList.add('elder-mode')
  var l = localStorage.getItem('linli.locale'); if (l === 'en' || l === 'zh-CN') document.documentElement.lang = l
} catch (e) {}
