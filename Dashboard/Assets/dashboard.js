// The dashboard's only script: it reads the page again every few seconds and puts the
// new figures (the element #live) in place of the old, while the tab is visible. Without
// it every page still reads fully; it only saves pressing reload.
(function () {
    "use strict";
    var every = 5000;
    document.documentElement.dataset.refreshing = String(every);
    function refresh() {
        var live = document.getElementById("live");
        if (!live || document.hidden) {
            return;
        }
        fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
            .then(function (response) {
                if (response.redirected || !response.ok) {
                    // Signed out (the login page), or the server is gone: let the browser show it.
                    if (response.redirected) {
                        location.reload();
                    }
                    return null;
                }
                return response.text();
            })
            .then(function (html) {
                if (!html) {
                    return;
                }
                var next = new DOMParser().parseFromString(html, "text/html").getElementById("live");
                var current = document.getElementById("live");
                if (next && current) {
                    current.replaceWith(document.importNode(next, true));
                    document.documentElement.dataset.refreshed = String(Date.now());
                }
            })
            .catch(function () { /* the next round tries again */ });
    }
    setInterval(refresh, every);
})();
