/* The search page: Pagefind's default UI over the site's own index (pagefind/), nothing from
   other hosts. Loaded only by search/index.html, after pagefind-ui.js (the build's "search index"
   stage adds both script elements; see edition/search_index.py).

   - The index is in shards (pagefind/<shard>/, one per month of documents or part of one), listed
     in pagefind/shards.json by the build: this script opens the first and merges the others, all
     at once (Pagefind's multisite search, mergeIndex), then hands that index to Pagefind's UI, so
     one query searches the whole edition.

   - The site's root is found from this script's own address (js/search.js), so the page works at
     any depth and on any path prefix (https://host/cmc/search/ as well as http://localhost:8000/search/).
   - Accessibility: the page's visible <label> names Pagefind's input (which has only a placeholder),
     and a polite live region announces "N results for …" once typing pauses.
   - ?q=words in the address runs that search; the address follows what is typed (shareable).
   - Opened from files (file://), browsers refuse the index's requests: the page says why and
     points to the documents list instead of failing silently. */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href);
  var bundle = new URL("pagefind/", root);
  var ui = document.getElementById("search-ui");
  var unavailable = document.getElementById("search-unavailable");
  var status = document.getElementById("search-status");
  var query = new URL(location.href).searchParams.get("q");  // (?q=words: run at once)
  var PAGE_SIZE = 5;  // results the UI shows first: fetched ahead for ?q=

  function say(message) {
    unavailable.textContent = message;
    unavailable.hidden = false;
    ui.hidden = true;
  }

  if (location.protocol === "file:") {
    say("Search cannot run on pages opened as files: browsers do not let a page read its search " +
        "index from disk. Serve the site over HTTP (for example `python3 -m http.server` in the site " +
        "folder, then open http://localhost:8000/search/), or browse the lists below.");
    return;
  }
  if (typeof PagefindUI === "undefined") {
    say("The search program (pagefind/pagefind-ui.js) could not be loaded.");
    return;
  }

  // Pagefind's UI merges the other shards one after another, each waiting for the previous one's
  // files: with dozens of shards on a distant host that is seconds before the first result. They
  // are merged here all at once instead, into the Pagefind module the UI then uses (a module is
  // loaded once per address, so the UI's own import of pagefind.js returns this one).
  function mergeShards(paths, query) {
    return import(new URL(paths[0] + "pagefind.js", location.href).href).then(function (pagefind) {
      return pagefind.options({ baseUrl: root.pathname }).then(function () {
        var merged = paths.slice(1).map(function (path) {
          return pagefind.mergeIndex(path, { baseUrl: root.pathname });
        });
        // With ?q=, the first page of results is fetched now, before the UI starts: the UI asks
        // for every shard's filter files first (three per shard, for its filter panel), and over
        // HTTP/1.1 (six connections to a host) the index and result files the first result needs
        // would wait behind them (1.5 s with 56 shards at 50 ms a request). Pagefind keeps what it
        // loaded, so the UI's own search then finds it. Without ?q=, the filters are loaded now,
        // while the reader types, so that the first words typed do not wait behind them either.
        // If the first shard fails to load, every merge waits for it for ever; the filters fail
        // instead, and the page can say so. (A failure of the search ahead of time — a result's text
        // that cannot be fetched — is no reason to refuse search: the filters decide then too.)
        merged.push(query ? firstResults(pagefind, query).catch(function () { return pagefind.filters(); })
                          : pagefind.filters());
        return Promise.all(merged);
      });
    });
  }

  // The results the UI shows first (its page size), with their text.
  function firstResults(pagefind, query) {
    return pagefind.search(query).then(function (found) {
      return Promise.all(found.results.slice(0, PAGE_SIZE).map(function (result) { return result.data(); }));
    });
  }

  function start(shards) {
    var paths = shards.map(function (shard) { return new URL(shard.name + "/", bundle).pathname; });
    var box = document.getElementById("search");
    box.textContent = "Loading the search index…";
    ui.hidden = false;
    mergeShards(paths, query).then(function () { show(paths[0]); }, function () {
      say("Part of the search index (pagefind/) could not be loaded, so search is not available here.");
    });
  }

  function show(primary) {
    document.getElementById("search").textContent = "";
    var instance = new PagefindUI({
      element: "#search",
      bundlePath: primary,
      pageSize: PAGE_SIZE,
      baseUrl: root.pathname,
      showImages: false,
      showSubResults: true,
      excerptLength: 30,
      resetStyles: false,
      translations: { placeholder: "Names, places, telegram numbers, words…" }
    });

    var container = document.getElementById("search");
    var input = container.querySelector("input");
    if (input) {
      input.id = "search-input";
      input.setAttribute("aria-describedby", "search-status");
      input.removeAttribute("title");
    }

    // Announce the result count when the message settles (not on every keystroke).
    var timer = null;
    var last = "";
    new MutationObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var message = container.querySelector(".pagefind-ui__message");
        var text = message ? message.textContent.trim() : "";
        if (text && text !== last && !/^Searching/i.test(text)) {
          last = text;
          status.textContent = text;
        }
      }, 500);
    }).observe(container, { childList: true, subtree: true, characterData: true });

    // The address follows the query: ?q=… can be bookmarked and shared.
    if (input) {
      input.addEventListener("input", function () {
        var url = new URL(location.href);
        if (input.value.trim()) url.searchParams.set("q", input.value.trim());
        else url.searchParams.delete("q");
        history.replaceState(null, "", url);
      });
    }
    if (query) instance.triggerSearch(query);
  }

  // Read the list of shards (and so check the index is there) before showing a search box.
  fetch(new URL("shards.json", bundle), { cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (manifest) {
    var shards = (manifest && manifest.shards) || [];
    if (!shards.length) throw new Error("no shards");
    start(shards);
  }).catch(function () {
    say("The search index (pagefind/) could not be loaded, so search is not available here.");
  });
})();
