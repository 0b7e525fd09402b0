// depeche dashboard: polls the worker's JSON API and fills the page in.
// Everything shown comes from scraped pages, so it is only ever set with textContent
// (never innerHTML), and only our own relative links or http(s) URLs become hrefs.
"use strict";

(function () {
  const POLL_MS = 2000;
  const state = { scope: "worker", failures: 0 };

  function $(id) { return document.getElementById(id); }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function link(text, href, external) {
    const a = el("a", text);
    a.setAttribute("href", href);
    if (external) { a.setAttribute("rel", "noopener noreferrer nofollow"); a.setAttribute("target", "_blank"); }
    return a;
  }

  function safeHttpUrl(value) {
    try {
      const url = new URL(String(value));
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) { return null; }
  }

  function setText(id, value) { const node = $(id); if (node) node.textContent = String(value); }

  function fmt(n) { return typeof n === "number" ? n.toLocaleString("en-US") : "–"; }

  function duration(seconds) {
    let s = Math.floor(seconds || 0);
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return (d ? d + "d " : "") + (d || h ? h + "h " : "") + (d || h || m ? m + "m " : "") + s + "s";
  }

  function time(iso) {
    if (!iso) return "";
    const t = new Date(String(iso));
    return isNaN(t.getTime()) ? String(iso) : t.toISOString().slice(11, 19);
  }

  // Replace a tbody's rows; cells are strings/numbers (as text) or prepared nodes.
  function fillRows(id, rows, empty, columns) {
    const body = $(id);
    if (!body) return;
    const fresh = document.createDocumentFragment();
    if (!rows.length) {
      const tr = el("tr");
      const td = el("td", empty, "empty");
      td.setAttribute("colspan", String(columns));
      tr.appendChild(td);
      fresh.appendChild(tr);
    }
    for (const cells of rows) {
      const tr = el("tr");
      for (const cell of cells) {
        if (cell instanceof Node) { const td = el("td"); td.appendChild(cell); tr.appendChild(td); }
        else if (typeof cell === "number") tr.appendChild(el("td", fmt(cell), "num"));
        else tr.appendChild(el("td", cell === null || cell === undefined ? "" : cell));
      }
      fresh.appendChild(tr);
    }
    body.replaceChildren(fresh);
  }

  async function getJSON(path) {
    const response = await fetch(path, { cache: "no-store", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(path + ": HTTP " + response.status);
    return response.json();
  }

  function renderStats(s) {
    setText("version", Array.isArray(s.version) ? s.version.join(", ") : s.version);
    setText("uptime", duration(s.uptime_s));
    setText("pages-in-total", fmt(s.pages_in));
    setText("articles-out-total", fmt(s.articles_out));
    setText("rejected-out-total", fmt(s.rejected_out));
    setText("ticker-published", fmt(s.ticker_published));
    setText("ticker-duplicates", fmt(s.ticker_duplicates));
    const rates = s.rates || {};
    setText("pages-in-rate", (rates.pages_in_per_s || 0).toFixed(2));
    setText("articles-out-rate", (rates.articles_out_per_s || 0).toFixed(2));
    setText("rejected-out-rate", (rates.rejected_out_per_s || 0).toFixed(2));

    const topics = Object.entries(s.topics || {});
    fillRows("topics", topics.map(([name, t]) => [name, t.direction, t.messages]), "no topics", 3);

    const lag = s.lag || [];
    setText("lag-total", fmt(lag.reduce((sum, row) => sum + (row.lag || 0), 0)));
    fillRows("lag", lag.map((r) => [String(r.partition), r.highwater ?? "–", r.committed ?? "–", r.lag ?? "–",
      r.worker || ""]), "no partitions assigned", 5);

    const stalls = s.publish_stalls || [];
    fillRows("stalls", stalls.map((r) => [el("span", r.topic + ":" + r.partition, "tag"), duration(r.seconds),
      r.failures, r.last_error || "(waiting for the broker's ack)", duration(r.gives_up_in_s)]), "none: every send acked", 5);

    const reasons = Object.entries(s.rejects_by_reason || {}).sort((a, b) => b[1] - a[1]);
    fillRows("reasons", reasons.map(([reason, n]) => [reason, n]), "no rejects", 2);

    const sites = Object.entries(s.sites || {}).sort((a, b) => b[1].articles - a[1].articles);
    setText("sites-note", s.top_sites ? "the " + s.top_sites + " busiest, counted in bounded memory" : "busiest first");
    fillRows("sites", sites.map(([site, c]) => [site, c.articles || 0, c.ticker_published || 0,
      c.ticker_duplicates || 0]), "no sites yet", 4);

    drawSpark(s.history);
  }

  function renderArticles(data) {
    const rows = (data.articles || []).map((a) => {
      const title = a.url && safeHttpUrl(a.url) ? link(a.title || "(untitled)", safeHttpUrl(a.url), true)
        : el("span", a.title || "(untitled)");
      title.classList.add("title");
      const sources = (a.sources || []).map((src) => src.name).join(", ");
      const event = link("JSON", "/api/articles/" + encodeURIComponent(a.id));
      return [title, a.site, a.language, sources, a.word_count, event];
    });
    fillRows("articles", rows, "no articles yet", 6);
  }

  function renderRejected(data) {
    const rows = (data.rejected || []).slice(0, 8).map((r) => [el("span", r.reason, "tag"), r.url || "(no url)",
      r.detail, time(r.rejected_at)]);
    fillRows("rejected", rows, "no rejects", 4);
  }

  function renderStories(data) {
    const today = data.today || {};
    setText("copy-share", today.checked ? (100 * (today.copy_share || 0)).toFixed(1) + "% of "
      + fmt(today.checked) + " articles" : "–");
    const credits = Object.entries(data.sources || {}).map(([name, n]) => name + " on " + n);
    setText("story-sources", "sources credited: " + (credits.length ? credits.join(", ") : "–"));
    const rows = (data.stories || []).map((s) => {
      const title = s.url && safeHttpUrl(s.url) ? link(s.title || "(untitled)", safeHttpUrl(s.url), true)
        : el("span", s.title || "(untitled)");
      title.classList.add("title");
      const sources = Object.entries(s.sources || {}).map(([name, n]) => name + " ×" + n).join(", ");
      return [title, s.site, s.sites, s.members, sources, time(s.updated_at)];
    });
    fillRows("stories", rows, "no copies in the last hour", 6);
  }

  // The stories panel is polled on its own: a worker without it must not blank the rest.
  async function pollStories() {
    try { renderStories(await getJSON("/api/stories?limit=10")); } catch (error) { /* shown as before */ }
  }

  function renderWorkers(cluster) {
    const workers = cluster.workers || [];
    setText("worker-count", workers.length);
    fillRows("workers", workers.map((w) => [w.url, w.ok ? "up" : ("unreachable: " + (w.error || "")),
      w.version || "", w.ok ? duration(w.uptime_s) : "", w.pages_in ?? "", w.articles_out ?? "",
      w.rejected_out ?? "", (w.partitions || []).join(", ")]), "no workers", 8);
  }

  // Messages per second over the last two minutes, from the worker's own per-second buckets.
  function drawSpark(history) {
    const canvas = $("spark");
    if (!canvas || !canvas.getContext) return;
    const ctx = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height, pad = 8;
    ctx.clearRect(0, 0, w, h);
    const series = [["pages_in", "#2f6fdf"], ["articles_out", "#1f9d55"], ["rejected_out", "#c8372d"]];
    const lines = series.map(([key, colour]) => [(history && history[key]) || [], colour]);
    const max = Math.max(1, ...lines.map(([values]) => Math.max(0, ...values)));
    ctx.strokeStyle = "#e2e5ec";
    ctx.lineWidth = 1;
    for (const f of [0, 0.5, 1]) {
      const y = Math.round(h - pad - f * (h - 2 * pad)) + 0.5;
      ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w - pad, y); ctx.stroke();
    }
    for (const [values, colour] of lines) {
      if (values.length < 2) continue;
      ctx.beginPath();
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      values.forEach((v, i) => {
        const x = pad + (i * (w - 2 * pad)) / (values.length - 1);
        const y = h - pad - (v / max) * (h - 2 * pad);
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    }
    ctx.fillStyle = "#6b7285";
    ctx.font = "12px sans-serif";
    ctx.fillText("max " + max + "/s", pad + 4, 16);
  }

  async function poll() {
    try {
      const [stats, articles, rejected, cluster] = await Promise.all([
        getJSON("/api/stats"), getJSON("/api/articles?limit=15"), getJSON("/api/rejected?limit=8"),
        getJSON("/api/cluster"),
      ]);
      setText("worker-url", stats.worker ? stats.worker.url : "");
      renderStats(state.scope === "cluster" ? cluster.total : stats);
      renderArticles(articles);
      renderRejected(rejected);
      renderWorkers(cluster);
      await pollStories();
      state.failures = 0;
      setText("status", "live · " + new Date().toISOString().slice(11, 19) + " UTC");
      $("status").className = "status ok";
      document.body.setAttribute("data-state", "live");
    } catch (error) {
      state.failures += 1;
      setText("status", "worker unreachable (" + state.failures + ")");
      $("status").className = "status down";
      document.body.setAttribute("data-state", "error");
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  // "This worker" or "All workers" (/api/cluster); also chosen by opening /?scope=cluster.
  function setScope(scope) {
    state.scope = scope;
    document.body.setAttribute("data-scope", scope);
    $("scope-worker").classList.toggle("active", scope === "worker");
    $("scope-cluster").classList.toggle("active", scope === "cluster");
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("scope-worker").addEventListener("click", () => setScope("worker"));
    $("scope-cluster").addEventListener("click", () => setScope("cluster"));
    if (new URLSearchParams(window.location.search).get("scope") === "cluster") setScope("cluster");
    poll();
  });
})();
