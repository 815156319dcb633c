# The browser lab is also tested in Firefox (test/lab/lab.firefox.test.ts,
# over WebDriver BiDi): install Debian's firefox-esr when it is missing.
if ! [ -x /usr/bin/firefox-esr ] && [ -z "${OPTLAB_FIREFOX:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq firefox-esr) >/dev/null 2>&1 || echo "note: firefox-esr could not be installed"
  else
    echo "note: /usr/bin/firefox-esr is missing and this is not root: the Firefox tests will fail under CI"
  fi
fi
