/**
 * The county's supervision dashboard (GET /dashboard), in Chinese, for a wall screen: the page,
 * its style and its script as strings served by the app (no build step, no CDN). The script reads
 * only the GraphQL API with the token pasted into the page, so it shows exactly what the API allows
 * the viewer's role; charts are ECharts from npm, served by the app (/dashboard/echarts.min.js).
 * Every figure on the page carries data-figure / data-value (the API's number) for the browser test.
 * The script is plain ES5-style JavaScript without template literals (it lives in a TS string).
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>明溪县城市困难家庭精准帮扶监督考核看板</title>
<link rel="stylesheet" href="/dashboard/dashboard.css">
</head>
<body>
<header>
  <h1>明溪县城市困难家庭精准帮扶监督考核看板</h1>
  <div class="controls">
    <label>考核期 <input id="period" size="8" value=""></label>
    <button id="reload" type="button">刷新</button>
    <span id="freshness" class="freshness"></span>
  </div>
</header>
<section id="signin">
  <form id="signin-form">
    <label>访问令牌（Bearer token）<br><textarea id="token" rows="3" cols="80" placeholder="粘贴令牌后登录"></textarea></label><br>
    <button type="submit">登录</button> <span id="signin-error" class="error"></span>
  </form>
</section>
<main id="board" hidden>
  <div id="viewer" class="viewer"></div>
  <section class="tiles" id="tiles"></section>
  <section class="grid">
    <div class="panel wide"><h2>各乡镇考核指标对比</h2><div id="table-wrap"></div></div>
    <div class="panel"><h2>月度趋势</h2><div id="trend" class="chart"></div></div>
    <div class="panel"><h2>各部门逾期未落实事项</h2><div id="overdue" class="chart"></div></div>
    <div class="panel"><h2>各乡镇帮扶事项按期落实率</h2><div id="ontime" class="chart"></div></div>
    <div class="panel"><h2>进出流动</h2><div id="flow" class="chart"></div></div>
  </section>
</main>
<script src="/dashboard/echarts.min.js"></script>
<script src="/dashboard/dashboard.js"></script>
</body>
</html>
`;

export const DASHBOARD_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; background: #0b1f3a; color: #e8eef7; }
header { display: flex; align-items: center; justify-content: space-between; padding: 14px 28px; background: linear-gradient(90deg, #0f3b73, #14508f); border-bottom: 3px solid #e2a400; }
h1 { margin: 0; font-size: 30px; letter-spacing: 2px; }
h2 { margin: 0 0 8px; font-size: 18px; color: #ffd666; font-weight: 600; }
.controls { display: flex; gap: 12px; align-items: center; font-size: 16px; }
.controls input { font-size: 16px; padding: 2px 6px; }
button { font-size: 16px; padding: 4px 14px; background: #e2a400; color: #0b1f3a; border: 0; border-radius: 4px; cursor: pointer; }
.freshness { font-size: 14px; color: #b7c7dd; }
#signin { padding: 40px; } textarea { font-family: monospace; }
.error { color: #ff7875; }
.viewer { padding: 6px 28px 0; font-size: 14px; color: #b7c7dd; }
.tiles { display: grid; grid-template-columns: repeat(6, 1fr); gap: 14px; padding: 12px 28px; }
.tile { background: #12305a; border: 1px solid #1f4f8a; border-radius: 8px; padding: 12px 16px; }
.tile .label { font-size: 15px; color: #b7c7dd; }
.tile .value { font-size: 34px; font-weight: 700; color: #fff; margin-top: 4px; }
.tile .sub { font-size: 13px; color: #8fa6c4; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; padding: 0 28px 20px; }
.panel { background: #12305a; border: 1px solid #1f4f8a; border-radius: 8px; padding: 12px 14px; }
.panel.wide { grid-column: 1 / span 2; }
.chart { height: 260px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #24558f; padding: 5px 6px; text-align: right; white-space: nowrap; }
th { background: #163d6e; color: #ffd666; font-weight: 600; text-align: center; white-space: normal; }
td.name { text-align: left; font-weight: 600; }
td .rank { display: inline-block; min-width: 22px; margin-left: 4px; font-size: 11px; color: #0b1f3a; background: #8fa6c4; border-radius: 8px; text-align: center; }
td .rank.r1 { background: #52c41a; } td .rank.low { background: #ff7875; }
tr.total td { background: #0f3b73; font-weight: 700; }
.frozen { color: #95de64; font-size: 12px; }
`;

export const DASHBOARD_JS = `
(function () {
  'use strict';
  var SHOWN = ['HOUSEHOLDS_ON_LIST', 'HOUSEHOLDS_ENTERED', 'HOUSEHOLDS_EXITED', 'HOUSEHOLDS_FULLY_HELPED', 'CASES_DECIDED_ON_TIME', 'ITEMS_DUE',
    'ITEMS_DELIVERED_ON_TIME', 'ITEMS_OVERDUE', 'MONEY_DISBURSED', 'ALLOWANCE_RUNS_ON_TIME', 'HOUSEHOLDS_PAIRED', 'NEEDS_COVERED',
    'WARNINGS_OVERDUE', 'NOTICES_ENTERED_LATE', 'OBJECTIONS_UPHELD', 'CHECKS_PASSED'];
  var TILES = [['HOUSEHOLDS_ON_LIST', '在册困难家庭'], ['HOUSEHOLDS_ENTERED', '本期新纳入'], ['ITEMS_DELIVERED_ON_TIME', '事项按期落实率'],
    ['ITEMS_OVERDUE', '逾期未落实事项'], ['MONEY_DISBURSED', '资金发放'], ['HOUSEHOLDS_PAIRED', '结对帮扶覆盖率']];
  var DEPT = { CIVIL_AFFAIRS: '民政局', EDUCATION: '教育局', HUMAN_RESOURCES_SOCIAL_SECURITY: '人社局', HOUSING: '住建局', MEDICAL_INSURANCE: '医保局',
    DISABLED_PERSONS_FEDERATION: '残联', CIVILIZATION_OFFICE: '文明办' };
  var figures = {};
  var charts = [];
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }
  function token() { return sessionStorage.getItem('dashboard-token') || ''; }
  function gql(query, variables) {
    return fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token() },
      body: JSON.stringify({ query: query, variables: variables || {} }) }).then(function (r) { return r.json(); }).then(function (b) {
      if (b.errors && b.errors.length) throw new Error(b.errors[0].message + ' (' + ((b.errors[0].extensions || {}).code || '') + ')');
      return b.data;
    });
  }
  function fmt(code, v) {
    var f = figures[code];
    if (f && f.unit === 'FEN') return (v / 1000000).toFixed(2) + ' 万元';
    return Number(v).toLocaleString('zh-CN');
  }
  function pct(share) { return share == null ? '—' : (share * 100).toFixed(1) + '%'; }
  function cellText(code, c) { return figures[code] && figures[code].base ? pct(c.share) : fmt(code, c.value); }
  function byFigure(list) { var m = {}; (list || []).forEach(function (f) { m[f.figure] = f; }); return m; }

  var Q_BASE = 'query Dashboard($p: String! VARS) { viewer { kind role name operations } scorecardFigures { code name unit base better } ' +
    'townshipScorecard(period: $p) { period start end computedAt townships { township { code name } frozenAt figures { figure value base share rank } } totals { figure value base share } } ' +
    'scorecardTrend(period: $p, figures: [HOUSEHOLDS_ENTERED, HOUSEHOLDS_EXITED, HOUSEHOLDS_REENTERED, HOUSEHOLDS_ON_LIST, ITEMS_DUE, ITEMS_DELIVERED_ON_TIME]) { month totals { figure value base share } } DEPT FLOW }';
  var Q_DEPT = 'departmentScorecard(period: $p) { computedAt measures { measure department proposed decided delivered overdue } }';
  // Lifecycle's flow report (on and off the list per township and month), for the roles that read it.
  var Q_FLOW = 'householdFlowReport(year: $y) { months { month entries reentries exits onList } }';

  function load() {
    var period = $('period').value.trim();
    $('signin-error').textContent = '';
    return gql('query { viewer { operations } }').then(function (v) {
      var ops = v.viewer.operations || [];
      // The board is the township scorecard: a role that may not read it (a department, a partner) is told so.
      if (ops.indexOf('Query.townshipScorecard') < 0) throw new Error('当前角色无权查看乡镇考核看板');
      var flow = ops.indexOf('Query.householdFlowReport') >= 0;
      var q = Q_BASE.replace('DEPT', ops.indexOf('Query.departmentScorecard') >= 0 ? Q_DEPT : '').replace('FLOW', flow ? Q_FLOW : '').replace('VARS', flow ? ', $y: Int!' : '');
      return gql(q, flow ? { p: period, y: Number(period.slice(0, 4)) } : { p: period });
    }).then(render).catch(function (e) {
      $('signin').hidden = false; $('board').hidden = true;
      $('signin-error').textContent = '无法读取：' + e.message;
    });
  }

  function render(d) {
    $('signin').hidden = true; $('board').hidden = false;
    d.scorecardFigures.forEach(function (f) { figures[f.code] = f; });
    var card = d.townshipScorecard;
    $('viewer').textContent = '当前用户：' + d.viewer.name + '（' + d.viewer.role + '）\u3000考核期 ' + card.start + ' 至 ' + card.end;
    $('freshness').textContent = '数据计算于 ' + new Date(card.computedAt).toLocaleString('zh-CN', { hour12: false });
    $('freshness').setAttribute('data-computed-at', card.computedAt);
    var totals = byFigure(card.totals);
    var tiles = $('tiles'); tiles.innerHTML = '';
    TILES.forEach(function (t) {
      var c = totals[t[0]];
      var tile = el('div', { 'class': 'tile' });
      tile.appendChild(el('div', { 'class': 'label' }, t[1]));
      tile.appendChild(el('div', { 'class': 'value', 'data-figure': t[0], 'data-value': String(c.value), 'data-share': c.share == null ? '' : String(c.share) }, cellText(t[0], c)));
      tile.appendChild(el('div', { 'class': 'sub' }, figures[t[0]].base ? (fmt(t[0], c.value) + ' / ' + fmt(figures[t[0]].base, c.base)) : figures[t[0]].name));
      tiles.appendChild(tile);
    });
    // The township table: one row per township, ranks as badges.
    var table = el('table', { id: 'scorecard' });
    var head = el('tr');
    head.appendChild(el('th', {}, '乡镇'));
    SHOWN.forEach(function (code) { head.appendChild(el('th', {}, figures[code].name + (figures[code].base ? '（率）' : ''))); });
    table.appendChild(head);
    var n = card.townships.length;
    card.townships.forEach(function (tw) {
      var row = el('tr', { 'data-township': tw.township.code });
      var name = el('td', { 'class': 'name' }, tw.township.name);
      if (tw.frozenAt) name.appendChild(el('div', { 'class': 'frozen' }, '已审定 ' + tw.frozenAt.slice(0, 10)));
      row.appendChild(name);
      var m = byFigure(tw.figures);
      SHOWN.forEach(function (code) {
        var c = m[code];
        var td = el('td', { 'data-figure': code, 'data-value': String(c.value), 'data-share': c.share == null ? '' : String(c.share) }, cellText(code, c));
        if (c.rank != null && n > 1) td.appendChild(el('span', { 'class': 'rank' + (c.rank === 1 ? ' r1' : c.rank === n ? ' low' : '') }, String(c.rank)));
        row.appendChild(td);
      });
      table.appendChild(row);
    });
    var tot = el('tr', { 'class': 'total', 'data-township': 'TOTAL' });
    tot.appendChild(el('td', { 'class': 'name' }, '合计'));
    SHOWN.forEach(function (code) {
      var c = totals[code];
      tot.appendChild(el('td', { 'data-figure': code, 'data-value': String(c.value), 'data-share': c.share == null ? '' : String(c.share) }, cellText(code, c)));
    });
    table.appendChild(tot);
    $('table-wrap').innerHTML = ''; $('table-wrap').appendChild(table);
    drawCharts(d);
    document.body.setAttribute('data-ready', 'true');
  }

  function chart(id) {
    var c = echarts.init($(id), null, { renderer: 'canvas' });
    charts.push(c);
    return c;
  }
  var AXIS = { axisLabel: { color: '#b7c7dd' }, axisLine: { lineStyle: { color: '#3d6aa3' } }, splitLine: { lineStyle: { color: '#1f4f8a' } } };
  function axis(extra) { var a = {}; for (var k in AXIS) a[k] = AXIS[k]; for (var j in extra) a[j] = extra[j]; return a; }

  function drawCharts(d) {
    charts.forEach(function (c) { c.dispose(); }); charts = [];
    var months = d.scorecardTrend.map(function (m) { return m.month.slice(5) + '月'; });
    var series = function (code) { return d.scorecardTrend.map(function (m) { return byFigure(m.totals)[code].value; }); };
    chart('trend').setOption({ animation: false, textStyle: { color: '#e8eef7' }, legend: { top: 0, textStyle: { color: '#e8eef7' } }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
      tooltip: { trigger: 'axis' }, xAxis: axis({ type: 'category', data: months }), yAxis: axis({ type: 'value' }),
      series: [{ name: '新纳入家庭', type: 'line', data: series('HOUSEHOLDS_ENTERED'), smooth: true },
        { name: '到期事项', type: 'bar', data: series('ITEMS_DUE') }, { name: '按期落实', type: 'bar', data: series('ITEMS_DELIVERED_ON_TIME') }] });
    var dept = d.departmentScorecard ? d.departmentScorecard.measures : [];
    chart('overdue').setOption({ animation: false, textStyle: { color: '#e8eef7' }, grid: { left: 80, right: 30, top: 10, bottom: 30 }, tooltip: {},
      xAxis: axis({ type: 'value' }), yAxis: axis({ type: 'category', data: dept.map(function (m) { return DEPT[m.department] || m.department; }) }),
      series: [{ type: 'bar', data: dept.map(function (m) { return m.overdue; }), itemStyle: { color: '#ff7875' }, label: { show: true, position: 'right', color: '#fff' } }] });
    $('overdue').setAttribute('data-values', JSON.stringify(dept.map(function (m) { return [m.measure, m.overdue]; })));
    var tw = d.townshipScorecard.townships;
    chart('ontime').setOption({ animation: false, textStyle: { color: '#e8eef7' }, grid: { left: 50, right: 20, top: 20, bottom: 40 }, tooltip: {},
      xAxis: axis({ type: 'category', data: tw.map(function (t) { return t.township.name; }), axisLabel: { color: '#b7c7dd', interval: 0, rotate: 30 } }),
      yAxis: axis({ type: 'value', max: 100, axisLabel: { color: '#b7c7dd', formatter: '{value}%' } }),
      series: [{ type: 'bar', itemStyle: { color: '#52c41a' }, data: tw.map(function (t) { var c = byFigure(t.figures).ITEMS_DELIVERED_ON_TIME; return c.share == null ? 0 : Math.round(c.share * 1000) / 10; }) }] });
    // In and out: lifecycle's flow report when the role reads it (summed over townships), else the scorecard's own monthly figures.
    var flowMonths = {};
    if (d.householdFlowReport) {
      d.householdFlowReport.months.forEach(function (m) {
        var f = flowMonths[m.month] || (flowMonths[m.month] = { entries: 0, reentries: 0, exits: 0, onList: 0 });
        f.entries += m.entries; f.reentries += m.reentries; f.exits += m.exits; f.onList += m.onList;
      });
    } else {
      d.scorecardTrend.forEach(function (m) {
        var t = byFigure(m.totals);
        flowMonths[m.month] = { entries: t.HOUSEHOLDS_ENTERED.value, reentries: t.HOUSEHOLDS_REENTERED.value, exits: t.HOUSEHOLDS_EXITED.value, onList: t.HOUSEHOLDS_ON_LIST.value };
      });
    }
    var fm = d.scorecardTrend.map(function (m) { return flowMonths[m.month] || { entries: 0, reentries: 0, exits: 0, onList: 0 }; });
    $('flow').setAttribute('data-values', JSON.stringify(fm));
    chart('flow').setOption({ animation: false, textStyle: { color: '#e8eef7' }, legend: { top: 0, textStyle: { color: '#e8eef7' } }, grid: { left: 50, right: 50, top: 40, bottom: 30 }, tooltip: { trigger: 'axis' },
      xAxis: axis({ type: 'category', data: months }), yAxis: [axis({ type: 'value', name: '户' }), axis({ type: 'value', name: '在册', splitLine: { show: false } })],
      series: [{ name: '新纳入', type: 'bar', stack: 'in', data: fm.map(function (f) { return f.entries; }), itemStyle: { color: '#40a9ff' } },
        { name: '返困再纳入', type: 'bar', stack: 'in', data: fm.map(function (f) { return f.reentries; }), itemStyle: { color: '#ffa940' } },
        { name: '退出', type: 'bar', data: fm.map(function (f) { return -f.exits; }), itemStyle: { color: '#95de64' } },
        { name: '月末在册', type: 'line', yAxisIndex: 1, data: fm.map(function (f) { return f.onList; }), itemStyle: { color: '#ffd666' } }] });
  }

  $('period').value = String(new Date().getFullYear());
  $('signin-form').addEventListener('submit', function (e) {
    e.preventDefault();
    sessionStorage.setItem('dashboard-token', $('token').value.trim());
    load();
  });
  $('reload').addEventListener('click', load);
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  if (token()) load();
})();
`;
