// Tickforge dashboard: live figures from /events (Server-Sent Events read through fetch, so a
// bearer token can be sent), chart backlog from /api/history. No external resources.
(function () {
  "use strict";
  const HISTORY = 300;
  const $ = (id) => document.getElementById(id);
  const state = { token: sessionStorage.getItem("tickforge-token") || "", budgetMs: 0, chartPoints: 0,
    mapFrames: 0, mapPlayersDrawn: 0, mapNpcsDrawn: 0, statusEvents: 0, lastStatus: null };
  window.tickforge = state;
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) { state.token = fromHash; sessionStorage.setItem("tickforge-token", fromHash); history.replaceState(null, "", location.pathname); }

  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();
  const headers = () => (state.token ? { Authorization: "Bearer " + state.token } : {});

  // ---------------------------------------------------------------- charts
  const t = [], p50 = [], p99 = [], max = [], late = [], budget = [], players = [], outK = [], inK = [];
  const axis = { stroke: color("--muted"), grid: { stroke: "#1f2833", width: 1 }, ticks: { stroke: "#1f2833" } };
  const pad = (n) => String(n).padStart(2, "0");
  const timeAxis = Object.assign({}, axis, { space: 70, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300],
    values: (u, vals) => vals.map((v) => { const d = new Date(v * 1000); return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()); }) });
  function chartWidth() { return Math.max(300, $("tick-chart").clientWidth); }
  const tickChart = new uPlot({
    width: chartWidth(), height: 290, legend: { live: false }, cursor: { points: { size: 6 } },
    scales: { x: { time: true }, y: { range: (u, lo, hi) => [0, Math.max(hi * 1.1, state.budgetMs * 1.05, 1)] } },
    axes: [timeAxis, Object.assign({}, axis, { values: (u, v) => v.map((x) => x + " ms"), size: 60 })],
    series: [{},
      { label: "p50", stroke: color("--p50"), width: 2, value: (u, v) => v == null ? "–" : v.toFixed(2) + " ms" },
      { label: "p99 (10 s)", stroke: color("--p99"), width: 2, value: (u, v) => v == null ? "–" : v.toFixed(2) + " ms" },
      { label: "max", stroke: color("--max"), width: 1, value: (u, v) => v == null ? "–" : v.toFixed(2) + " ms" },
      { label: "lateness p99 (10 s)", stroke: color("--late"), width: 1.5, value: (u, v) => v == null ? "–" : v.toFixed(2) + " ms" },
      { label: "budget", stroke: "#6e7681", width: 1, dash: [6, 6], value: (u, v) => v == null ? "–" : v.toFixed(2) + " ms" }],
  }, [t, p50, p99, max, late, budget], $("tick-chart"));
  const trafficChart = new uPlot({
    width: chartWidth(), height: 210, legend: { live: false },
    scales: { x: { time: true }, p: { range: (u, lo, hi) => [0, Math.max(hi + 1, 4)] }, b: { range: (u, lo, hi) => [0, Math.max(hi * 1.1, 1)] } },
    axes: [timeAxis, Object.assign({}, axis, { scale: "p", size: 40 }),
      Object.assign({}, axis, { scale: "b", side: 1, grid: { show: false }, values: (u, v) => v.map((x) => x + " kB/s"), size: 80 })],
    series: [{},
      { label: "players", scale: "p", stroke: color("--players"), width: 2, fill: "rgba(63,185,80,.08)", paths: uPlot.paths.stepped({ align: 1 }) },
      { label: "out", scale: "b", stroke: color("--out"), width: 1.5, value: (u, v) => v == null ? "–" : v.toFixed(1) + " kB/s" },
      { label: "in", scale: "b", stroke: color("--in"), width: 1.5, value: (u, v) => v == null ? "–" : v.toFixed(1) + " kB/s" }],
  }, [t, players, outK, inK], $("traffic-chart"));
  window.addEventListener("resize", () => { tickChart.setSize({ width: chartWidth(), height: 290 }); trafficChart.setSize({ width: chartWidth(), height: 210 }); });

  function addPoint(p) {
    if (!p || p.t == null) return;
    const ts = p.t / 1000;
    if (t.length && ts <= t[t.length - 1]) return;
    t.push(ts); p50.push(p.durationP50 * 1e3); p99.push(p.durationP99 * 1e3); max.push(p.durationMax * 1e3);
    late.push(p.latenessP99 * 1e3); budget.push(state.budgetMs); players.push(p.players);
    outK.push(p.outBytesPerSecond / 1e3); inK.push(p.inBytesPerSecond / 1e3);
    if (t.length > HISTORY) [t, p50, p99, max, late, budget, players, outK, inK].forEach((a) => a.shift());
    state.chartPoints = t.length;
  }
  function redrawCharts() {
    tickChart.setData([t, p50, p99, max, late, budget]);
    trafficChart.setData([t, players, outK, inK]);
  }

  // ---------------------------------------------------------------- figures
  const ms = (s) => (s * 1e3).toFixed(2) + " ms";
  const rate = (b) => b >= 1e6 ? (b / 1e6).toFixed(1) + " MB/s" : b >= 1e3 ? (b / 1e3).toFixed(1) + " kB/s" : b + " B/s";
  const num = (n) => n >= 1e6 ? (n / 1e6).toFixed(1) + "M" : n >= 1e4 ? (n / 1e3).toFixed(1) + "k" : String(n);
  function set(id, text, cls) { const e = $(id); e.textContent = text; if (cls !== undefined) e.className = "value " + cls; }
  function uptime(s) { const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = Math.floor(s % 60); return (h ? h + "h " : "") + (h || m ? m + "m " : "") + x + "s"; }

  function onStatus(s) {
    state.statusEvents++; state.lastStatus = s;
    if (state.budgetMs !== s.tickBudgetSeconds * 1e3) {
      state.budgetMs = s.tickBudgetSeconds * 1e3;
      budget.fill(state.budgetMs);
    }
    $("session").textContent = "session " + s.session;
    $("version").textContent = "v" + s.version;
    $("tick").textContent = s.tick;
    $("uptime").textContent = uptime(s.uptimeSeconds);
    const h = $("health");
    h.textContent = s.draining ? "draining" : s.healthy ? "healthy" : "stalled";
    h.className = "badge " + (s.healthy ? "ok" : "bad");
    const live = s.live || {};
    set("k-players", String(s.players)); $("k-slots").textContent = "of " + s.playerSlots + " slots · " + s.npcs + " NPCs";
    const achieved = Math.round(live.tickRateHz != null ? live.tickRateHz : s.interval.achievedTickRateHz);
    set("k-rate", achieved + " Hz", achieved >= s.tickRateHz * 0.98 ? "good" : "warn");
    $("k-budget").textContent = "target " + s.tickRateHz + " Hz · " + ms(s.tickBudgetSeconds);
    if (live.durationP99 != null) {
      set("k-p99", ms(live.durationP99), live.durationP99 > s.tickBudgetSeconds ? "bad" : live.durationP99 > s.tickBudgetSeconds / 2 ? "warn" : "");
      $("k-max").textContent = "p50 " + ms(live.durationP50) + " · max " + ms(live.durationMax);
      set("k-late", ms(live.latenessP99), live.latenessP99 > s.tickBudgetSeconds / 2 ? "warn" : "");
      $("k-late-max").textContent = "max " + ms(live.latenessMax);
      set("k-out", rate(live.outBytesPerSecond)); $("k-in").textContent = "in " + rate(live.inBytesPerSecond);
    }
    const c = s.counters;
    set("k-overruns", num(c.overruns) + " / " + num(c.skippedTicks), c.overruns + c.skippedTicks > 0 ? "warn" : "");
    $("k-errors").textContent = num(c.ticks) + " ticks · " + c.tickErrors + " errors";
    set("k-drops", num(c.networkDropped), c.networkDropped > 0 ? "warn" : "");
    const top = Object.entries(c.drops).sort((a, b) => b[1] - a[1])[0];
    $("k-drop-top").textContent = top ? top[0].replace(/_/g, " ") + " " + num(top[1]) : "none";
    set("k-inputs", num(c.inputs.late) + " / " + num(c.inputs.rejected));
    $("k-inputs-sub").textContent = num(c.inputs.applied) + " applied · " + num(c.inputs.queueFull) + " full";
    addPoint(live);
    redrawCharts();
  }

  // ---------------------------------------------------------------- map
  const canvas = $("map"), g = canvas.getContext("2d");
  const palette = ["#58a6ff", "#3fb950", "#f0883e", "#a371f7", "#ff7b72", "#39c5cf", "#e3b341", "#db61a2"];
  function hash(s) { let h = 0; for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return Math.abs(h); }
  function fitCanvas() {
    const dpr = window.devicePixelRatio || 1, w = canvas.clientWidth || 560;
    if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(w * dpr); }
    return dpr;
  }
  function onWorld(w) {
    const dpr = fitCanvas(), size = canvas.width, k = size / w.arenaSizeMetres;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.fillStyle = "#0b1016"; g.fillRect(0, 0, size, size);
    g.strokeStyle = "#18212c"; g.lineWidth = 1;
    for (let m = 0; m <= w.arenaSizeMetres; m += 32) {
      const p = Math.round(m * k) + 0.5;
      g.beginPath(); g.moveTo(p, 0); g.lineTo(p, size); g.moveTo(0, p); g.lineTo(size, p); g.stroke();
    }
    // World y grows north; the canvas grows down.
    g.fillStyle = "#5d6b7e";
    const r = Math.max(1.5, 1.8 * dpr);
    for (let i = 0; i < w.npcs.length; i += 2) {
      g.fillRect(w.npcs[i] / 10 * k - r / 2, size - w.npcs[i + 1] / 10 * k - r / 2, r, r);
    }
    g.font = (11 * dpr) + "px system-ui, sans-serif"; g.textBaseline = "middle";
    for (const p of w.players) {
      const x = p.x * k, y = size - p.y * k, c = palette[hash(p.name || "") % palette.length];
      g.beginPath(); g.arc(x, y, 4.5 * dpr, 0, Math.PI * 2);
      if (p.alive) { g.fillStyle = c; g.fill(); } else { g.strokeStyle = "#8b98a9"; g.lineWidth = 1.5 * dpr; g.stroke(); }
      if (p.fired) { g.beginPath(); g.arc(x, y, 8 * dpr, 0, Math.PI * 2); g.strokeStyle = "rgba(240,136,62,.7)"; g.lineWidth = 1 * dpr; g.stroke(); }
      g.fillStyle = "rgba(11,16,22,.75)";
      const label = p.name || "?", tw = g.measureText(label).width;
      g.fillRect(x + 7 * dpr, y - 7 * dpr, tw + 6 * dpr, 14 * dpr);
      g.fillStyle = "#e6edf3"; g.fillText(label, x + 10 * dpr, y);
    }
    state.mapFrames++; state.mapPlayersDrawn = w.players.length; state.mapNpcsDrawn = w.npcs.length / 2;
    $("map-info").textContent = w.players.length + " players · " + w.npcs.length / 2 + " NPCs · tick " + w.tick;
  }

  // ---------------------------------------------------------------- transport
  async function loadHistory() {
    const r = await fetch("api/history", { headers: headers() });
    if (r.status === 401) throw new Error("401");
    const h = await r.json();
    h.points.forEach(addPoint);
  }
  async function stream() {
    const r = await fetch("events", { headers: headers() });
    if (r.status === 401) throw new Error("401");
    if (!r.ok) throw new Error("HTTP " + r.status);
    const reader = r.body.getReader(), dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      buf += dec.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf("\n\n")) >= 0) {
        const block = buf.slice(0, cut); buf = buf.slice(cut + 2);
        let name = "message", data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event: ")) name = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        const obj = JSON.parse(data);
        if (name === "status") onStatus(obj); else if (name === "world") onWorld(obj);
      }
    }
  }
  function askToken() {
    $("login").hidden = false;
    $("health").textContent = "token needed"; $("health").className = "badge bad";
  }
  $("login").addEventListener("submit", (e) => {
    e.preventDefault(); state.token = $("token").value.trim();
    sessionStorage.setItem("tickforge-token", state.token); $("login").hidden = true; run();
  });
  async function run() {
    try {
      await loadHistory();
      redrawCharts();
      await stream();
    } catch (e) {
      if (String(e.message) === "401") { askToken(); return; }
      $("health").textContent = "disconnected"; $("health").className = "badge bad";
      setTimeout(run, 2000);
    }
  }
  run();
})();
