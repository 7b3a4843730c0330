/*
 * strata ERD viewer. Reads the JSON in #strata-data and draws it as SVG:
 * one group per table (names as <text>), one path per foreign key. Big
 * schemas start focused (one table and its neighbours) and grow on
 * demand. No network access; data reaches the DOM through textContent
 * only. The load result goes to #strata-status ("ok tables=N ..." or
 * "error: ..."), which the browser test reads.
 *
 * URL fragment: #search=TEXT, #table=NAME, #path=A,B, #all=1,
 * #cols=all|keys|none, #schemas=A,B (joined with &).
 */
(function () {
	'use strict';

	var SVGNS = 'http://www.w3.org/2000/svg';
	var HDR = 24, ROW = 18, PADX = 8, GAP = 14, HGAP = 90, VGAP = 26;
	var MAXCOL = 1100;    /* height of a layout column before it wraps */
	var SMALL = 60;       /* up to this many tables, draw them all at once */
	var ALL_LIMIT = 600;  /* "Show all" above this would not stay fluid */
	var NEIGHBOURS = 40;  /* neighbours drawn at most on one expansion */
	var MIN_FIT = 0.45;   /* smallest zoom that fitting the view may choose */
	var t0 = performance.now(); /* navigation start -> this script */
	var statusEl = document.getElementById('strata-status');
	var failed = false;

	function fail(msg) {
		failed = true;
		statusEl.textContent = 'error: ' + msg;
		statusEl.setAttribute('data-state', 'error');
	}
	window.addEventListener('error', function (ev) {
		fail(ev.message || 'script error');
	});
	window.addEventListener('unhandledrejection', function (ev) {
		fail(String(ev.reason));
	});
	var consoleError = console.error;
	console.error = function () {
		fail(Array.prototype.map.call(arguments, String).join(' '));
		consoleError.apply(console, arguments);
	};

	function $(id) {
		return document.getElementById(id);
	}
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls)
			e.className = cls;
		if (text !== undefined && text !== null)
			e.textContent = text;
		return e;
	}
	function sv(tag, attrs, text) {
		var e = document.createElementNS(SVGNS, tag);
		for (var k in attrs)
			e.setAttribute(k, attrs[k]);
		if (text !== undefined && text !== null)
			e.textContent = text;
		return e;
	}
	function clear(e) {
		while (e.firstChild)
			e.removeChild(e.firstChild);
	}
	function stClass(st) {
		return st ? ' st-' + st : '';
	}
	var ST_NAME = { a: 'added', c: 'changed', d: 'dropped' };

	/* ---- data ------------------------------------------------------ */

	var D = JSON.parse($('strata-data').textContent);
	var S = D.schemas || [];
	var T = D.tables || [];
	var multi = S.length > 1;
	var E = [];
	var byName = new Map();

	/* views come after the tables, with k = "v" or "m" (materialized) */
	var KIND_NAME = { '': 'table', v: 'view', m: 'materialized view' };
	var nViews = 0;
	T.forEach(function (t, i) {
		t.i = i;
		t.k = t.k === 'v' || t.k === 'm' ? t.k : '';
		if (t.k)
			nViews++;
		t.q = multi ? S[t.s] + '.' + t.n : t.n;
		t.lq = t.q.toLowerCase();
		t.cols = t.cols || [];
		t.idx = t.idx || [];
		t.fks = t.fks || [];
		t.out = [];
		t.inc = [];
		t.nb = [];
		t.lc = t.cols.map(function (c) {
			return c.n.toLowerCase();
		});
		if (!byName.has(t.q))
			byName.set(t.q, i);
		if (!byName.has(t.n))
			byName.set(t.n, i);
	});
	T.forEach(function (t) {
		t.fks.forEach(function (fk) {
			if (typeof fk.to !== 'number' || fk.to < 0 || fk.to >= T.length)
				return;
			var e = {
				k: E.length, a: t.i, b: fk.to, fk: fk,
				fr: typeof fk.fr === 'number' ? fk.fr : -1,
				tr: typeof fk.tr === 'number' ? fk.tr : -1,
				st: fk.st || ''
			};
			E.push(e);
			t.out.push(e);
			T[fk.to].inc.push(e);
		});
	});
	T.forEach(function (t) {
		var seen = new Set();
		t.out.forEach(function (e) {
			if (e.b !== t.i && !seen.has(e.b)) {
				seen.add(e.b);
				t.nb.push(e.b);
			}
		});
		t.inc.forEach(function (e) {
			if (e.a !== t.i && !seen.has(e.a)) {
				seen.add(e.a);
				t.nb.push(e.a);
			}
		});
	});
	function degree(i) {
		return T[i].nb.length;
	}
	function lookup(name) {
		if (byName.has(name))
			return byName.get(name);
		var l = name.toLowerCase();
		for (var i = 0; i < T.length; i++)
			if (T[i].lq === l || T[i].n.toLowerCase() === l)
				return i;
		return -1;
	}

	/* ---- state ----------------------------------------------------- */

	var schemaOn = S.map(function () {
		return true;
	});
	var N = new Map(); /* shown tables: index -> node */
	var colMode = 'all';
	var selected = -1;
	var pathEdges = new Set(), pathNodes = new Set();
	var hitCol = null; /* {t, c} highlighted by a search result */
	var view = { x: 0, y: 0, k: 1 };
	var initial = [];

	var svg = $('strata-erd'), vp = $('strata-viewport');
	var gEdges = $('strata-edges'), gNodes = $('strata-nodes');

	function usable(i) {
		return schemaOn[T[i].s];
	}

	/* ---- text measurement ------------------------------------------ */

	var measureCtx = document.createElement('canvas').getContext('2d');
	var family = getComputedStyle(svg).fontFamily || 'sans-serif';
	var widths = new Map();
	function textW(s, font) {
		var key = font + '|' + s;
		var w = widths.get(key);
		if (w === undefined) {
			if (measureCtx) {
				measureCtx.font = font;
				w = measureCtx.measureText(s).width;
			} else {
				w = s.length * 7.2;
			}
			widths.set(key, w);
		}
		return w;
	}
	var F_NAME = 'bold 12px ' + family;
	var F_COL = '12px ' + family;
	var F_TYPE = '11px ' + getComputedStyle(document.body).getPropertyValue('--mono');
	var F_KEY = 'bold 10px ' + family;

	function keyText(f) {
		var k = [];
		if (f & 1)
			k.push('PK');
		if (f & 2)
			k.push('FK');
		if (f & 4)
			k.push('UK');
		if (f & 8)
			k.push('IX');
		return k.join(',');
	}

	/* ---- nodes ----------------------------------------------------- */

	function rowsOf(n) {
		var mode = n.collapsed ? 'none' : colMode;
		var out = [];
		if (mode === 'none')
			return out;
		n.t.cols.forEach(function (c, ci) {
			if (mode === 'all' || (c.f & 7) || c.st ||
			    (hitCol && hitCol.t === n.t.i && hitCol.c === ci))
				out.push(ci);
		});
		return out;
	}

	function hiddenNeighbours(t) {
		var h = 0;
		t.nb.forEach(function (j) {
			if (!N.has(j) && usable(j))
				h++;
		});
		return h;
	}

	function buildNode(n) {
		var t = n.t, rows = rowsOf(n);
		var more = hiddenNeighbours(t);
		var cw = 0, tw = 0, kw = 0;
		rows.forEach(function (ci) {
			var c = t.cols[ci];
			cw = Math.max(cw, textW(c.n, F_COL));
			tw = Math.max(tw, textW(c.t || '', F_TYPE));
			kw = Math.max(kw, textW(keyText(c.f), F_KEY));
		});
		var kind = t.k ? KIND_NAME[t.k] : '';
		var head = 22 + textW(t.q, F_NAME) + (more ? 12 + textW('+' + more, F_COL) : 0) +
			(kind ? 12 + textW(kind, F_COL) : 0) + PADX;
		var body = PADX + cw + GAP + tw + (kw ? GAP + kw : 0) + PADX;
		n.w = Math.ceil(Math.max(head, body, 110));
		n.h = HDR + (rows.length ? rows.length * ROW + 6 : 0);
		n.rowY = new Map();

		var cls = 'tbl' + (t.k ? ' view' + (t.k === 'm' ? ' mview' : '') : '') + stClass(t.st);
		if (selected === t.i)
			cls += ' sel';
		if (pathNodes.has(t.i))
			cls += ' onpath';
		var g = sv('g', { 'class': cls, 'data-i': t.i });
		var title = (kind ? kind + ' ' : '') + t.q + (t.cm ? '\n' + t.cm : '') +
			(t.st ? '\n(' + ST_NAME[t.st] + ')' : '');
		g.appendChild(sv('title', {}, title));
		g.appendChild(sv('rect', { 'class': 'box', width: n.w, height: n.h, rx: 4 }));
		g.appendChild(sv('rect', { 'class': 'hdr', x: 1, y: 1, width: n.w - 2, height: HDR - 1, rx: 3 }));
		g.appendChild(sv('text', { 'class': 'act', x: PADX, y: 16, 'data-act': 'collapse' },
			rows.length || !t.cols.length ? '\u25BE' : '\u25B8'));
		g.appendChild(sv('text', { 'class': 'tname' + stClass(t.st === 'd' ? 'd' : ''), x: 22, y: 16 }, t.q));
		if (more)
			g.appendChild(sv('text', {
				'class': 'more', x: n.w - PADX, y: 16,
				'text-anchor': 'end', 'data-act': 'expand'
			}, '+' + more));
		else if (kind)
			g.appendChild(sv('text', {
				'class': 'tkind', x: n.w - PADX, y: 16, 'text-anchor': 'end'
			}, kind));
		var xt = PADX + cw + GAP, xk = n.w - PADX;
		rows.forEach(function (ci, k) {
			var c = t.cols[ci];
			var y = HDR + 3 + k * ROW;
			n.rowY.set(ci, y + ROW / 2);
			var hit = hitCol && hitCol.t === t.i && hitCol.c === ci;
			if (c.st || hit)
				g.appendChild(sv('rect', {
					'class': 'row' + stClass(c.st) + (hit ? ' hit' : ''),
					x: 1, y: y, width: n.w - 2, height: ROW
				}));
			var tc = stClass(c.st === 'd' ? 'd' : '');
			g.appendChild(sv('text', { 'class': 'cname' + ((c.f & 1) ? ' pk' : '') + tc, x: PADX, y: y + 13 }, c.n));
			g.appendChild(sv('text', { 'class': 'ctype' + tc, x: xt, y: y + 13 }, c.t || ''));
			if (c.f & 15)
				g.appendChild(sv('text', { 'class': 'ckey', x: xk, y: y + 13, 'text-anchor': 'end' }, keyText(c.f)));
			if (c.cm)
				g.lastChild.appendChild(sv('title', {}, c.cm));
		});
		if (n.g)
			gNodes.replaceChild(g, n.g);
		else
			gNodes.appendChild(g);
		n.g = g;
		place(n);
	}

	function place(n) {
		n.g.setAttribute('transform', 'translate(' + n.x + ',' + n.y + ')');
	}

	function anchorY(n, row) {
		var y = row >= 0 ? n.rowY.get(row) : undefined;
		return n.y + (y === undefined ? HDR / 2 : y);
	}

	function edgePath(e) {
		var a = N.get(e.a), b = N.get(e.b);
		var y1 = anchorY(a, e.fr), y2 = anchorY(b, e.tr);
		if (a === b) {
			var xs = a.x + a.w;
			return 'M' + xs + ',' + y1 + ' C' + (xs + 50) + ',' + (y1 - 10) +
				' ' + (xs + 50) + ',' + (y2 + 10) + ' ' + xs + ',' + y2;
		}
		if (a.x < b.x + b.w && b.x < a.x + a.w) {
			/* one above the other: out of the right sides and back */
			var xr = Math.max(a.x + a.w, b.x + b.w) + 50;
			return 'M' + (a.x + a.w) + ',' + y1 + ' C' + xr + ',' + y1 +
				' ' + xr + ',' + y2 + ' ' + (b.x + b.w) + ',' + y2;
		}
		var right = b.x + b.w / 2 >= a.x + a.w / 2;
		var x1 = right ? a.x + a.w : a.x;
		var x2 = right ? b.x : b.x + b.w;
		var dx = Math.max(40, Math.abs(x2 - x1) / 2) * (right ? 1 : -1);
		return 'M' + x1 + ',' + y1 + ' C' + (x1 + dx) + ',' + y1 + ' ' +
			(x2 - dx) + ',' + y2 + ' ' + x2 + ',' + y2;
	}

	var drawnEdges = 0;
	function drawEdges() {
		clear(gEdges);
		drawnEdges = 0;
		E.forEach(function (e) {
			if (!N.has(e.a) || !N.has(e.b))
				return;
			var cls = 'edge' + stClass(e.st);
			if (pathEdges.has(e.k))
				cls += ' onpath';
			else if (selected === e.a || selected === e.b)
				cls += ' sel';
			var p = sv('path', { 'class': cls, d: edgePath(e), 'marker-end': 'url(#strata-arrow)' });
			p.appendChild(sv('title', {}, T[e.a].q + ' \u2192 ' + T[e.b].q +
				(e.fk.n ? ' (' + e.fk.n + ')' : '')));
			gEdges.appendChild(p);
			drawnEdges++;
		});
	}

	function redraw() {
		N.forEach(buildNode);
		drawEdges();
		renderTableList();
		updateStatus();
	}

	/* ---- layout ---------------------------------------------------- */

	/*
	 * Layered: each connected group of shown tables is walked breadth
	 * first from its best-connected table; referenced tables go one
	 * column right, referencing ones one column left. Columns are
	 * ordered by the mean position of their neighbours already placed,
	 * then groups are packed in rows.
	 */
	function layoutAll(focus) {
		var ids = Array.from(N.keys());
		N.forEach(buildNode);
		ids.sort(function (a, b) {
			return degree(b) - degree(a) || a - b;
		});
		if (focus >= 0 && N.has(focus)) {
			ids.splice(ids.indexOf(focus), 1);
			ids.unshift(focus);
		}
		var done = new Set(), groups = [];
		ids.forEach(function (root) {
			if (done.has(root))
				return;
			var layer = new Map([[root, 0]]), queue = [root];
			done.add(root);
			for (var qi = 0; qi < queue.length; qi++) {
				var i = queue[qi], L = layer.get(i);
				T[i].out.forEach(function (e) {
					if (N.has(e.b) && !done.has(e.b)) {
						done.add(e.b);
						layer.set(e.b, L + 1);
						queue.push(e.b);
					}
				});
				T[i].inc.forEach(function (e) {
					if (N.has(e.a) && !done.has(e.a)) {
						done.add(e.a);
						layer.set(e.a, L - 1);
						queue.push(e.a);
					}
				});
			}
			/*
			 * Breadth first gives the shortest distance; a table
			 * should also sit left of every table it references
			 * (a -> b -> c in three columns). A few passes do
			 * it; a cycle just stops at the last pass.
			 */
			for (var pass = 0; pass < 25; pass++) {
				var moved = false;
				layer.forEach(function (L, i) {
					T[i].out.forEach(function (e) {
						if (e.b !== i && layer.has(e.b) &&
						    layer.get(i) >= layer.get(e.b)) {
							layer.set(i, layer.get(e.b) - 1);
							moved = true;
						}
					});
				});
				if (!moved)
					break;
			}
			groups.push(placeLayers(layer));
		});
		var maxW = Math.max(1400, area.width / 0.6);
		var x = 0, y = 0, rowH = 0;
		groups.forEach(function (gr) {
			if (x > 0 && x + gr.w > maxW) {
				x = 0;
				y += rowH + 60;
				rowH = 0;
			}
			gr.ids.forEach(function (i) {
				var n = N.get(i);
				n.x += x - gr.x0;
				n.y += y - gr.y0;
			});
			x += gr.w + 80;
			rowH = Math.max(rowH, gr.h);
		});
		N.forEach(place);
	}

	function placeLayers(layer) {
		var cols = new Map();
		layer.forEach(function (L, i) {
			if (!cols.has(L))
				cols.set(L, []);
			cols.get(L).push(i);
		});
		var keys = Array.from(cols.keys()).sort(function (a, b) {
			return a - b;
		});
		/* a column taller than MAXCOL is cut into columns side by side */
		var split = [];
		keys.forEach(function (L) {
			var col = cols.get(L), part = [], h = 0;
			col.forEach(function (i) {
				var nh = N.get(i).h + VGAP;
				if (part.length && h + nh > MAXCOL) {
					split.push(part);
					part = [];
					h = 0;
				}
				part.push(i);
				h += nh;
			});
			split.push(part);
		});
		var order = new Map(), x = 0, ids = [];
		var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
		split.forEach(function (col) {
			col.forEach(function (i, k) {
				var sum = 0, cnt = 0;
				T[i].nb.forEach(function (j) {
					if (order.has(j)) {
						sum += order.get(j);
						cnt++;
					}
				});
				T[i].bary = cnt ? sum / cnt : k;
			});
			col.sort(function (a, b) {
				return T[a].bary - T[b].bary || a - b;
			});
			var w = 0, h = 0;
			col.forEach(function (i) {
				var n = N.get(i);
				w = Math.max(w, n.w);
				h += n.h + VGAP;
			});
			var y = -h / 2;
			col.forEach(function (i, k) {
				var n = N.get(i);
				n.x = x;
				n.y = y;
				y += n.h + VGAP;
				order.set(i, k);
				ids.push(i);
				x0 = Math.min(x0, n.x);
				y0 = Math.min(y0, n.y);
				x1 = Math.max(x1, n.x + n.w);
				y1 = Math.max(y1, n.y + n.h);
			});
			x += w + HGAP;
		});
		return { ids: ids, x0: x0, y0: y0, w: x1 - x0, h: y1 - y0 };
	}

	function overlaps(x, y, w, h, self) {
		var hit = null;
		N.forEach(function (n, i) {
			if (hit || i === self || n.x === undefined)
				return;
			if (x < n.x + n.w + 20 && n.x < x + w + 20 &&
			    y < n.y + n.h + 14 && n.y < y + h + 14)
				hit = n;
		});
		return hit;
	}

	/* New tables go beside the anchor: referenced right, referencing left. */
	function placeNear(a, ids) {
		var an = N.get(a);
		var right = [], left = [];
		ids.forEach(function (i) {
			var n = N.get(i);
			buildNode(n);
			n.x = undefined;
			(T[a].out.some(function (e) {
				return e.b === i;
			}) ? right : left).push(i);
		});
		[[right, 1], [left, -1]].forEach(function (side) {
			var list = side[0], dir = side[1];
			if (!list.length)
				return;
			var total = 0;
			list.forEach(function (i) {
				total += N.get(i).h + VGAP;
			});
			var y = an.y + an.h / 2 - total / 2;
			list.forEach(function (i) {
				var n = N.get(i);
				var x = dir > 0 ? an.x + an.w + HGAP : an.x - HGAP - n.w;
				for (var tries = 0; tries < 400; tries++) {
					var o = overlaps(x, y, n.w, n.h, i);
					if (!o)
						break;
					y = o.y + o.h + VGAP;
				}
				n.x = x;
				n.y = y;
				y += n.h + VGAP;
				place(n);
			});
		});
	}

	/* ---- showing and hiding ----------------------------------------- */

	function show(i) {
		if (!N.has(i)) {
			N.set(i, { t: T[i], x: 0, y: 0, w: 0, h: 0, collapsed: false });
			return true;
		}
		return false;
	}

	function expand(i) {
		var add = T[i].nb.filter(function (j) {
			return usable(j) && !N.has(j);
		});
		add.sort(function (a, b) {
			return degree(b) - degree(a) || a - b;
		});
		add = add.slice(0, NEIGHBOURS);
		add.forEach(show);
		if (!N.has(i)) {
			show(i);
			layoutAll(i);
		} else if (add.length) {
			placeNear(i, add);
		}
		redraw();
	}

	function reveal(i) {
		if (!usable(i))
			return;
		if (show(i)) {
			var anchor = -1;
			T[i].nb.forEach(function (j) {
				if (anchor < 0 && N.has(j) && j !== i)
					anchor = j;
			});
			if (anchor >= 0) {
				placeNear(anchor, [i]);
			} else {
				var n = N.get(i);
				buildNode(n);
				var c = centre();
				n.x = c.x - n.w / 2;
				n.y = c.y - n.h / 2;
				for (var tries = 0; tries < 400; tries++) {
					var o = overlaps(n.x, n.y, n.w, n.h, i);
					if (!o)
						break;
					n.y = o.y + o.h + VGAP;
				}
			}
		}
		select(i);
		redraw();
		centreOn(i);
	}

	function hide(i) {
		var n = N.get(i);
		if (!n)
			return;
		gNodes.removeChild(n.g);
		N.delete(i);
		if (selected === i)
			select(-1);
		redraw();
	}

	function showOnly(ids, focus) {
		N.forEach(function (n) {
			gNodes.removeChild(n.g);
		});
		N.clear();
		ids.forEach(function (i) {
			if (usable(i))
				show(i);
		});
		layoutAll(focus);
		redraw();
		fit();
	}

	function focusSet(i) {
		var ids = [i].concat(T[i].nb.filter(usable).sort(function (a, b) {
			return degree(b) - degree(a) || a - b;
		}).slice(0, NEIGHBOURS));
		return ids;
	}

	/* ---- view: pan and zoom ----------------------------------------- */

	function applyView() {
		vp.setAttribute('transform', 'translate(' + view.x + ',' + view.y + ') scale(' + view.k + ')');
	}

	/*
	 * The drawing area's size, read once and on resize: reading it
	 * after the page changed forces a layout of the whole page.
	 */
	var area = { width: 800, height: 600 };
	function measureArea() {
		var r = svg.getBoundingClientRect();
		area = { width: r.width || 800, height: r.height || 600 };
	}
	window.addEventListener('resize', measureArea);

	function centre() {
		var r = area;
		return { x: (r.width / 2 - view.x) / view.k, y: (r.height / 2 - view.y) / view.k };
	}

	/* Fits the shown tables (or those of ids) to the window. */
	function fit(ids) {
		var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
		var only = ids instanceof Set ? ids : null;
		N.forEach(function (n, i) {
			if (only && !only.has(i))
				return;
			x0 = Math.min(x0, n.x);
			y0 = Math.min(y0, n.y);
			x1 = Math.max(x1, n.x + n.w);
			y1 = Math.max(y1, n.y + n.h);
		});
		var W = area.width, H = area.height;
		if (x0 === Infinity) {
			view = { x: W / 2, y: H / 2, k: 1 };
		} else {
			var k = Math.min(W / (x1 - x0 + 60), H / (y1 - y0 + 60), 1.4);
			var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
			if (only)
				k = Math.max(k, MIN_FIT);
			var f = N.get(selected) || N.get(initial[0]);
			if (k < MIN_FIT && f && !only) {
				/* too big to read whole: readable, around the focus */
				k = MIN_FIT;
				cx = f.x + f.w / 2;
				cy = f.y + f.h / 2;
			}
			view = { k: k, x: W / 2 - k * cx, y: H / 2 - k * cy };
		}
		applyView();
	}

	function centreOn(i) {
		var n = N.get(i);
		if (!n)
			return;
		var r = area;
		view.x = r.width / 2 - view.k * (n.x + n.w / 2);
		view.y = r.height / 2 - view.k * (n.y + n.h / 2);
		applyView();
	}

	function zoomAt(px, py, f) {
		var k = Math.min(4, Math.max(0.03, view.k * f));
		view.x = px - (px - view.x) * k / view.k;
		view.y = py - (py - view.y) * k / view.k;
		view.k = k;
		applyView();
	}

	var drag = null;
	svg.addEventListener('pointerdown', function (ev) {
		if (ev.button !== 0)
			return;
		var g = ev.target.closest ? ev.target.closest('g.tbl') : null;
		var i = g ? Number(g.getAttribute('data-i')) : -1;
		drag = {
			i: i, sx: ev.clientX, sy: ev.clientY, moved: false,
			act: ev.target.getAttribute ? ev.target.getAttribute('data-act') : null,
			ox: i >= 0 ? N.get(i).x : view.x, oy: i >= 0 ? N.get(i).y : view.y
		};
		if (svg.setPointerCapture)
			svg.setPointerCapture(ev.pointerId);
		if (i < 0)
			svg.classList.add('panning');
	});
	svg.addEventListener('pointermove', function (ev) {
		if (!drag)
			return;
		var dx = ev.clientX - drag.sx, dy = ev.clientY - drag.sy;
		if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4)
			return;
		drag.moved = true;
		if (drag.i >= 0) {
			var n = N.get(drag.i);
			n.x = drag.ox + dx / view.k;
			n.y = drag.oy + dy / view.k;
			place(n);
			drawEdges();
		} else {
			view.x = drag.ox + dx;
			view.y = drag.oy + dy;
			applyView();
		}
	});
	function endDrag() {
		var d = drag;
		drag = null;
		svg.classList.remove('panning');
		if (!d || d.moved)
			return;
		if (d.i < 0)
			return;
		if (d.act === 'collapse') {
			var n = N.get(d.i);
			n.collapsed = !n.collapsed;
			buildNode(n);
			drawEdges();
		} else if (d.act === 'expand') {
			expand(d.i);
		} else {
			select(d.i);
			redraw();
		}
	}
	svg.addEventListener('pointerup', endDrag);
	svg.addEventListener('pointercancel', function () {
		drag = null;
		svg.classList.remove('panning');
	});
	svg.addEventListener('dblclick', function (ev) {
		var g = ev.target.closest ? ev.target.closest('g.tbl') : null;
		if (g)
			expand(Number(g.getAttribute('data-i')));
	});
	svg.addEventListener('wheel', function (ev) {
		ev.preventDefault();
		var r = svg.getBoundingClientRect();
		zoomAt(ev.clientX - r.left, ev.clientY - r.top, Math.exp(-ev.deltaY * 0.0015));
	}, { passive: false });
	function zoomBy(f) {
		var r = area;
		zoomAt(r.width / 2, r.height / 2, f);
	}

	/* ---- side panel ------------------------------------------------- */

	var panel = $('strata-panel');
	var panelTab = D.diff ? 'plan' : 'table';

	function link(text, i) {
		var a = el('a', null, text);
		a.addEventListener('click', function () {
			reveal(i);
		});
		return a;
	}

	function button(text, fn) {
		var b = el('button', null, text);
		b.type = 'button';
		b.addEventListener('click', fn);
		return b;
	}

	function renderPanel() {
		clear(panel);
		if (D.diff) {
			var tabs = el('div', 'tabs');
			[['table', 'Table'], ['plan', 'Plan SQL']].forEach(function (tb) {
				var b = button(tb[1], function () {
					panelTab = tb[0];
					renderPanel();
				});
				if (panelTab === tb[0])
					b.className = 'on';
				tabs.appendChild(b);
			});
			panel.appendChild(tabs);
			if (panelTab === 'plan') {
				panel.appendChild(el('h3', null, 'Plan'));
				panel.appendChild(el('pre', 'sql', D.plan || '-- no changes'));
				return;
			}
		}
		if (selected < 0) {
			panel.appendChild(el('p', 'comment', T.length
				? 'Select a table to see its columns, keys and SQL.'
				: 'This schema has no tables.'));
			return;
		}
		var t = T[selected];
		var h = el('h2', null, t.q);
		panel.appendChild(h);
		if (t.k)
			panel.appendChild(el('span', 'chip kind-' + t.k, KIND_NAME[t.k]));
		if (t.st)
			panel.appendChild(el('span', 'chip st-' + t.st, ST_NAME[t.st]));
		if (t.cm)
			panel.appendChild(el('p', 'comment', t.cm));
		var acts = el('div', 'acts');
		acts.appendChild(button('Expand neighbours', function () {
			expand(t.i);
		}));
		acts.appendChild(button('Focus', function () {
			showOnly(focusSet(t.i), t.i);
			select(t.i);
			redraw();
		}));
		acts.appendChild(button('Hide', function () {
			hide(t.i);
		}));
		acts.appendChild(button('Path from here', function () {
			$('strata-path-from').value = t.q;
			$('strata-path-to').focus();
		}));
		panel.appendChild(acts);

		panel.appendChild(el('h3', null, 'Columns'));
		var tab = el('table');
		var hr = el('tr');
		['name', 'type', 'key', 'null', 'default'].forEach(function (x) {
			hr.appendChild(el('th', null, x));
		});
		tab.appendChild(hr);
		t.cols.forEach(function (c) {
			var tr = el('tr', c.st ? 'st-' + c.st : '');
			tr.appendChild(el('td', null, c.n));
			tr.appendChild(el('td', 'type', c.t || ''));
			tr.appendChild(el('td', null, keyText(c.f)));
			tr.appendChild(el('td', null, (c.f & 16) ? 'yes' : ''));
			tr.appendChild(el('td', 'type', c.d || ''));
			if (c.cm || c.st)
				tr.title = (c.cm || '') + (c.st ? (c.cm ? ' ' : '') + '(' + ST_NAME[c.st] + ')' : '');
			tab.appendChild(tr);
			if (c.cm) {
				var cr = el('tr', c.st ? 'st-' + c.st : '');
				var td = el('td', 'comment', c.cm);
				td.colSpan = 5;
				cr.appendChild(td);
				tab.appendChild(cr);
			}
		});
		panel.appendChild(tab);

		if (t.idx.length) {
			panel.appendChild(el('h3', null, 'Indexes'));
			var ul = el('ul');
			t.idx.forEach(function (x) {
				var s = (x.pk ? 'PRIMARY KEY' : x.u ? 'UNIQUE ' : 'INDEX ') +
					(x.pk ? '' : x.n) + ' (' + (x.cols || []).join(', ') + ')' +
					(x.w ? ' WHERE ' + x.w : '');
				ul.appendChild(el('li', x.st ? 'st-' + x.st : '', s));
			});
			panel.appendChild(ul);
		}
		if (t.fks.length || t.inc.length) {
			panel.appendChild(el('h3', null, 'Relations'));
			var rl = el('ul');
			t.fks.forEach(function (fk) {
				var li = el('li', fk.st ? 'st-' + fk.st : '');
				li.appendChild(document.createTextNode('(' + (fk.cols || []).join(', ') + ') \u2192 '));
				var target = (multi || fk.rs !== S[t.s] ? fk.rs + '.' : '') + fk.rt;
				if (typeof fk.to === 'number' && fk.to >= 0)
					li.appendChild(link(T[fk.to].q, fk.to));
				else
					li.appendChild(document.createTextNode(target + ' (not in this drawing)'));
				li.appendChild(document.createTextNode(' (' + (fk.rcols || []).join(', ') + ')' +
					(fk.od ? ' ON DELETE ' + fk.od : '')));
				rl.appendChild(li);
			});
			t.inc.forEach(function (e) {
				var li = el('li', e.st ? 'st-' + e.st : '');
				li.appendChild(link(T[e.a].q, e.a));
				li.appendChild(document.createTextNode(' (' + (e.fk.cols || []).join(', ') + ') \u2192 this'));
				rl.appendChild(li);
			});
			panel.appendChild(rl);
		}
		if (t.sql) {
			panel.appendChild(el('h3', null, t.k ? 'Definition' : 'SQL'));
			panel.appendChild(el('pre', 'sql', t.sql));
		}
	}

	function select(i) {
		selected = i;
		if (i >= 0)
			panelTab = 'table';
		renderPanel();
	}

	/* ---- lists: tables, schemas, search, path ------------------------ */

	/*
	 * The list of all tables: LIST_PAGE entries at first, more on demand,
	 * so a big schema does not lay out thousands of rows at load. Rows
	 * are made once; a redraw only updates their classes.
	 */
	var LIST_PAGE = 300;
	var listLimit = LIST_PAGE, listRows = [], listKey = '';
	function renderTableList() {
		var ul = $('strata-tables');
		var rows = [], count = 0;
		T.forEach(function (t) {
			if (!usable(t.i))
				return;
			if (++count <= listLimit)
				rows.push(t.i);
		});
		var key = listLimit + '/' + schemaOn.join(',');
		if (key !== listKey) {
			var frag = document.createDocumentFragment();
			rows.forEach(function (i) {
				if (!listRows[i]) {
					listRows[i] = el('li', null, T[i].q);
					listRows[i].setAttribute('data-i', i);
				}
				frag.appendChild(listRows[i]);
			});
			if (count > listLimit) {
				var more = el('li', 'empty', (count - listLimit) + ' more \u2026 (or search)');
				more.setAttribute('data-more', '1');
				frag.appendChild(more);
			}
			clear(ul);
			ul.appendChild(frag);
			listKey = key;
		}
		rows.forEach(function (i) {
			var cls = (N.has(i) ? 'on' : '') + stClass(T[i].st);
			if (listRows[i].className !== cls)
				listRows[i].className = cls;
		});
		$('strata-tables-title').textContent = 'Tables (' + N.size + ' of ' + count + ' shown)';
	}
	$('strata-tables').addEventListener('click', function (ev) {
		var li = ev.target.closest('li');
		if (!li)
			return;
		if (li.hasAttribute('data-more')) {
			listLimit += LIST_PAGE * 3;
			renderTableList();
		} else if (li.hasAttribute('data-i')) {
			reveal(Number(li.getAttribute('data-i')));
		}
	});

	function renderSchemas() {
		var box = $('strata-schemas');
		clear(box);
		S.forEach(function (s, k) {
			var lab = el('label');
			var cb = el('input');
			cb.type = 'checkbox';
			cb.checked = schemaOn[k];
			cb.addEventListener('change', function () {
				schemaOn[k] = cb.checked;
				N.forEach(function (n, i) {
					if (!usable(i)) {
						gNodes.removeChild(n.g);
						N.delete(i);
					}
				});
				if (selected >= 0 && !usable(selected))
					select(-1);
				redraw();
				runSearch();
			});
			lab.appendChild(cb);
			lab.appendChild(document.createTextNode(' ' + s));
			box.appendChild(lab);
		});
		var dl = $('strata-names');
		var frag = document.createDocumentFragment();
		T.forEach(function (t) {
			var o = el('option');
			o.value = t.q;
			frag.appendChild(o);
		});
		dl.appendChild(frag);
	}

	/*
	 * Fuzzy match: the query's characters in order; runs, word starts and
	 * prefixes score higher. -1 when it does not match.
	 */
	function fuzzy(q, s) {
		var qi = 0, score = 0, last = -2;
		for (var i = 0; i < s.length && qi < q.length; i++) {
			if (s.charCodeAt(i) !== q.charCodeAt(qi))
				continue;
			score += i === last + 1 ? 5 : 1;
			if (i === 0 || '_.- '.indexOf(s.charAt(i - 1)) >= 0)
				score += 3;
			last = i;
			qi++;
		}
		if (qi < q.length)
			return -1;
		if (s === q)
			score += 100;
		else if (s.lastIndexOf(q, 0) === 0)
			score += 30;
		else if (s.indexOf(q) >= 0)
			score += 15;
		return score - s.length * 0.01;
	}

	var searchHits = 0;
	function runSearch() {
		var q = $('strata-search').value.trim().toLowerCase();
		var ul = $('strata-results');
		clear(ul);
		searchHits = 0;
		if (!q)
			return;
		var hits = [];
		T.forEach(function (t) {
			if (!usable(t.i))
				return;
			var s = fuzzy(q, t.lq);
			if (s >= 0)
				hits.push({ s: s + 2, t: t.i, c: -1 });
			if (!t.lqc)
				t.lqc = t.lc.map(function (lc) {
					return t.lq + '.' + lc;
				});
			t.lc.forEach(function (lc, ci) {
				/* the column's own name, else "table.column" */
				var cs = Math.max(fuzzy(q, lc), fuzzy(q, t.lqc[ci]) - 1);
				if (cs >= 0)
					hits.push({ s: cs, t: t.i, c: ci });
			});
		});
		hits.sort(function (a, b) {
			return b.s - a.s || a.t - b.t || a.c - b.c;
		});
		searchHits = hits.length;
		var frag = document.createDocumentFragment();
		hits.slice(0, 60).forEach(function (h) {
			var t = T[h.t];
			var li = el('li', 'hit');
			var kn = h.c < 0 ? KIND_NAME[t.k] : 'column';
			li.setAttribute('data-kind', kn);
			li.appendChild(el('span', 'kind', kn));
			li.appendChild(el('span', 'name', h.c < 0 ? t.q : t.q + '.' + t.cols[h.c].n));
			if (h.c >= 0)
				li.appendChild(el('span', 'type', t.cols[h.c].t || ''));
			li.addEventListener('click', function () {
				hitCol = h.c >= 0 ? { t: h.t, c: h.c } : null;
				reveal(h.t);
			});
			frag.appendChild(li);
		});
		if (!hits.length)
			frag.appendChild(el('li', 'empty', 'no match'));
		else if (hits.length > 60)
			frag.appendChild(el('li', 'empty', (hits.length - 60) + ' more'));
		ul.appendChild(frag);
	}
	var searchTimer = 0;
	$('strata-search').addEventListener('input', function () {
		clearTimeout(searchTimer);
		searchTimer = setTimeout(runSearch, 80);
	});
	$('strata-search').addEventListener('keydown', function (ev) {
		if (ev.key === 'Enter') {
			runSearch();
			var first = $('strata-results').querySelector('li.hit');
			if (first)
				first.click();
		}
	});
	document.addEventListener('keydown', function (ev) {
		if (ev.key === '/' && document.activeElement.tagName !== 'INPUT') {
			ev.preventDefault();
			$('strata-search').focus();
		}
	});

	/* Shortest chain of foreign keys between a and b, either direction. */
	function findPath(a, b) {
		var prev = new Map([[a, null]]), queue = [a];
		for (var qi = 0; qi < queue.length && !prev.has(b); qi++) {
			var i = queue[qi];
			T[i].out.concat(T[i].inc).forEach(function (e) {
				var j = e.a === i ? e.b : e.a;
				if (!prev.has(j) && usable(j)) {
					prev.set(j, { i: i, e: e.k });
					queue.push(j);
				}
			});
		}
		if (!prev.has(b))
			return null;
		var path = [{ i: b, e: -1 }];
		for (var p = prev.get(b); p; p = prev.get(p.i))
			path.unshift({ i: p.i, e: p.e });
		for (var k = 0; k < path.length - 1; k++)
			path[k].e = path[k + 1].e;
		path[path.length - 1].e = -1;
		return path;
	}

	var pathLen = -1;
	function runPath(fromName, toName) {
		var ol = $('strata-path');
		clear(ol);
		pathEdges.clear();
		pathNodes.clear();
		pathLen = -1;
		var a = lookup(fromName), b = lookup(toName);
		if (a < 0 || b < 0) {
			ol.appendChild(el('li', 'empty', 'unknown table: ' + (a < 0 ? fromName : toName)));
			redraw();
			return;
		}
		var path = findPath(a, b);
		if (!path) {
			ol.appendChild(el('li', 'empty', 'no path between ' + T[a].q + ' and ' + T[b].q));
			redraw();
			return;
		}
		pathLen = path.length;
		var prevShown = -1;
		path.forEach(function (p) {
			pathNodes.add(p.i);
			if (p.e >= 0)
				pathEdges.add(p.e);
			var li = el('li', null, T[p.i].q);
			li.setAttribute('data-i', p.i);
			li.addEventListener('click', function () {
				reveal(p.i);
			});
			ol.appendChild(li);
			if (show(p.i)) {
				if (prevShown >= 0)
					placeNear(prevShown, [p.i]);
				else
					layoutAll(p.i);
			}
			prevShown = p.i;
		});
		redraw();
		fit(pathNodes);
	}
	$('strata-path-go').addEventListener('click', function () {
		runPath($('strata-path-from').value, $('strata-path-to').value);
	});

	/* ---- toolbar ------------------------------------------------------ */

	$('strata-fit').addEventListener('click', function () {
		fit();
	});
	$('strata-zoom-in').addEventListener('click', function () {
		zoomBy(1.25);
	});
	$('strata-zoom-out').addEventListener('click', function () {
		zoomBy(0.8);
	});
	$('strata-colmode').addEventListener('change', function (ev) {
		colMode = ev.target.value;
		N.forEach(function (n) {
			n.collapsed = false;
		});
		redraw();
	});
	var allBtn = $('strata-all');
	if (T.length > ALL_LIMIT) {
		allBtn.disabled = true;
		allBtn.title = T.length + ' tables: search, or expand from a table';
	}
	allBtn.addEventListener('click', function () {
		showOnly(T.map(function (t) {
			return t.i;
		}), selected);
	});
	$('strata-reset').addEventListener('click', function () {
		pathEdges.clear();
		pathNodes.clear();
		hitCol = null;
		showOnly(initial, initial.length ? initial[0] : -1);
	});

	function renderLegend() {
		var box = $('strata-legend');
		if (!D.diff)
			return;
		var n = { a: 0, c: 0, d: 0 };
		T.forEach(function (t) {
			if (t.st)
				n[t.st]++;
		});
		['a', 'c', 'd'].forEach(function (k) {
			box.appendChild(el('span', 'chip st-' + k, n[k] + ' ' + ST_NAME[k]));
		});
	}

	function updateStatus() {
		if (failed)
			return;
		var s = 'ok tables=' + (T.length - nViews) + ' shown=' + N.size + ' edges=' + drawnEdges +
			' load_ms=' + loadMs.toFixed(1) + ' script_ms=' + (loadMs - t0).toFixed(1);
		if (nViews)
			s += ' views=' + nViews;
		if ($('strata-search').value)
			s += ' search=' + searchHits;
		if (pathLen >= 0)
			s += ' path=' + pathLen;
		if (selftestResult)
			s += ' selftest=' + selftestResult;
		statusEl.textContent = s;
		statusEl.setAttribute('data-state', 'ok');
	}

	/* ---- start -------------------------------------------------------- */

	function parseHash() {
		var out = {};
		location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
			if (!kv)
				return;
			var k = kv.indexOf('=');
			var key = k < 0 ? kv : kv.slice(0, k);
			var val = k < 0 ? '1' : kv.slice(k + 1);
			try {
				out[decodeURIComponent(key)] = decodeURIComponent(val.replace(/\+/g, ' '));
			} catch (err) {
				out[key] = val;
			}
		});
		return out;
	}

	function mostConnected() {
		var best = -1;
		T.forEach(function (t) {
			if (usable(t.i) && (best < 0 || degree(t.i) > degree(best)))
				best = t.i;
		});
		return best;
	}

	function firstView(h) {
		var focus = h.table !== undefined ? lookup(h.table) : -1;
		var ids;
		if (h.all === '1' && T.length <= ALL_LIMIT) {
			ids = T.map(function (t) {
				return t.i;
			});
		} else if (focus >= 0) {
			ids = focusSet(focus);
		} else if (D.diff && T.length > SMALL) {
			ids = [];
			T.forEach(function (t) {
				if (t.st && ids.length < 150) {
					ids.push(t.i);
					t.nb.forEach(function (j) {
						if (ids.length < 150 && ids.indexOf(j) < 0)
							ids.push(j);
					});
				}
			});
			if (ids.length)
				focus = ids[0];
		}
		if (!ids || !ids.length) {
			if (T.length <= SMALL) {
				ids = T.map(function (t) {
					return t.i;
				});
				focus = mostConnected();
			} else {
				focus = mostConnected();
				ids = focus >= 0 ? focusSet(focus) : [];
			}
		}
		initial = ids.filter(usable);
		if (focus >= 0 && initial.indexOf(focus) > 0) {
			initial.splice(initial.indexOf(focus), 1);
			initial.unshift(focus);
		}
		if (h.table !== undefined && focus >= 0)
			select(focus);
		showOnly(initial, focus);
	}

	var loadMs = 0;
	function applyHash(h) {
		if (h.schemas !== undefined) {
			var want = h.schemas.split(',');
			S.forEach(function (s, k) {
				schemaOn[k] = want.indexOf(s) >= 0;
			});
		}
		if (h.cols === 'keys' || h.cols === 'none' || h.cols === 'all') {
			colMode = h.cols;
			$('strata-colmode').value = colMode;
		}
	}

	function start() {
		var h = parseHash();
		measureArea();
		applyHash(h);
		renderSchemas();
		renderLegend();
		renderPanel();
		firstView(h);
		if (h.search !== undefined) {
			$('strata-search').value = h.search;
			runSearch();
		}
		if (h.path !== undefined) {
			var ab = h.path.split(',');
			$('strata-path-from').value = ab[0] || '';
			$('strata-path-to').value = ab[1] || '';
			runPath(ab[0] || '', ab[1] || '');
		}
		loadMs = performance.now();
		if (h.selftest !== undefined)
			selftest();
		updateStatus();
	}

	/*
	 * #selftest=1: drives the page the way a user would (clicks on
	 * tables, buttons and lists, expansion, collapsing, filters, zoom,
	 * search, path) so that the browser test exercises every handler;
	 * any exception lands in the status as an error.
	 */
	var selftestResult = '';
	function pointer(target, type) {
		var r = target.getBoundingClientRect();
		var ev = new MouseEvent(type === 'dblclick' ? 'dblclick' : 'mouseup', {
			bubbles: true, clientX: r.left + 2, clientY: r.top + 2, button: 0
		});
		if (type !== 'dblclick' && typeof PointerEvent === 'function')
			ev = new PointerEvent(type, {
				bubbles: true, clientX: r.left + 2, clientY: r.top + 2,
				button: 0, pointerId: 1
			});
		target.dispatchEvent(ev);
	}
	function nodeEl(i) {
		return gNodes.querySelector('g.tbl[data-i="' + i + '"]');
	}
	function selftest() {
		var steps = 0;
		function check(cond, what) {
			steps++;
			if (!cond)
				throw new Error('selftest: ' + what);
		}
		var first = Array.from(N.keys())[0];
		if (first === undefined) {
			selftestResult = 'ok(empty)';
			return;
		}
		/* a click selects */
		var g = nodeEl(first).querySelector('.tname');
		pointer(g, 'pointerdown');
		pointer(g, 'pointerup');
		check(selected === first, 'click selects a table');
		check(panel.querySelector('h2').textContent === T[first].q, 'panel names the table');
		/* collapse by its toggle, and back */
		var rows = rowsOf(N.get(first)).length;
		var act = nodeEl(first).querySelector('[data-act="collapse"]');
		pointer(act, 'pointerdown');
		pointer(act, 'pointerup');
		check(N.get(first).collapsed, 'toggle collapses');
		act = nodeEl(first).querySelector('[data-act="collapse"]');
		pointer(act, 'pointerdown');
		pointer(act, 'pointerup');
		check(rowsOf(N.get(first)).length === rows, 'toggle expands again');
		/* column modes */
		['keys', 'none', 'all'].forEach(function (m) {
			var sel = $('strata-colmode');
			sel.value = m;
			sel.dispatchEvent(new Event('change'));
			check(colMode === m, 'column mode ' + m);
		});
		/* double-click expands the neighbours */
		pointer(nodeEl(first).querySelector('.box'), 'dblclick');
		var nbs = T[first].nb.filter(usable);
		check(nbs.filter(function (j) {
			return N.has(j);
		}).length >= Math.min(NEIGHBOURS, nbs.length), 'double-click shows the neighbours');
		/* panel buttons: Expand, Focus, Hide */
		Array.from(panel.querySelectorAll('.acts button')).forEach(function (b) {
			if (b.textContent !== 'Hide' && b.textContent !== 'Path from here')
				b.click();
		});
		check(N.has(first), 'focus keeps the table');
		if (D.diff) {
			Array.from(panel.querySelectorAll('.tabs button')).forEach(function (b) {
				b.click();
			});
			check(panel.querySelector('pre.sql') !== null, 'plan tab');
			panel.querySelector('.tabs button').click();
		}
		var hideBtn = Array.from(panel.querySelectorAll('.acts button')).filter(function (b) {
			return b.textContent === 'Hide';
		})[0];
		hideBtn.click();
		check(!N.has(first), 'hide removes the table');
		/* the table list brings it back */
		var li = $('strata-tables').querySelector('li[data-i="' + first + '"]');
		if (li) {
			li.click();
			check(N.has(first), 'list click shows the table');
		} else {
			reveal(first);
		}
		/* zoom and fit */
		var k = view.k;
		$('strata-zoom-in').click();
		check(view.k > k || view.k === 4, 'zoom in');
		$('strata-zoom-out').click();
		$('strata-fit').click();
		svg.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true }));
		/* pan the background */
		pointer(svg, 'pointerdown');
		svg.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 300, clientY: 300, pointerId: 1 }));
		svg.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, clientX: 300, clientY: 300, pointerId: 1 }));
		/* search and open a hit */
		var name = T[first].cols.length ? T[first].cols[0].n : T[first].n;
		$('strata-search').value = name;
		runSearch();
		var hit = $('strata-results').querySelector('li.hit');
		check(hit !== null, 'search finds ' + name);
		hit.click();
		/* path to a neighbour */
		if (T[first].nb.length) {
			runPath(T[first].q, T[T[first].nb[0]].q);
			check(pathLen === 2, 'path to a neighbour');
		}
		/* schema filter off and on */
		var cb = $('strata-schemas').querySelector('input');
		cb.click();
		check(!schemaOn[0] && !Array.from(N.keys()).some(function (i) {
			return T[i].s === 0;
		}), 'schema filter hides its tables');
		cb.click();
		check(schemaOn[0], 'schema filter back');
		/* show all (when allowed) and reset */
		if (!$('strata-all').disabled) {
			$('strata-all').click();
			check(N.size === T.length, 'show all');
		}
		$('strata-reset').click();
		check(N.size === initial.length, 'reset');
		$('strata-search').value = '';
		runSearch();
		pathLen = -1;
		selftestResult = 'ok(' + steps + ')';
	}

	window.addEventListener('hashchange', function () {
		var h = parseHash();
		if (h.search !== undefined) {
			$('strata-search').value = h.search;
			runSearch();
		}
		if (h.table !== undefined && lookup(h.table) >= 0)
			reveal(lookup(h.table));
		if (h.path !== undefined) {
			var ab = h.path.split(',');
			runPath(ab[0] || '', ab[1] || '');
		}
		updateStatus();
	});

	try {
		start();
	} catch (err) {
		fail(err && err.message ? err.message : String(err));
		throw err;
	}
})();
