// The leaders' big screen at /screen: sign-in by scanning a mini-program code, then the
// month's totals and growth, the counties on the map coloured by their flags, the
// rankings, and the live feed. Everything reads the API through the typed client; the
// page refreshes itself, reconnects and resumes the feed, and says when it is offline.
import { ApiError, createClient, fetchTransport, localTokens } from "../client/api.js";
import { SPEC_SHA256 } from "../client/spec-hash.js";
const FLAG_COLOURS = { RED: "#e53935", YELLOW: "#fbc02d", BLACK: "#263238", NONE: "#78909c" };
const FLAG_NAMES = { RED: "红旗", YELLOW: "黄旗", BLACK: "黑旗", NONE: "无可评" };
const INDICATORS = [
    { key: "visitCompliance", label: "干部履职" },
    { key: "visitCoverage", label: "走访覆盖" },
    { key: "youthHomeActivities", label: "青年之家" },
    { key: "themedEvents", label: "主题团日" },
];
const EVENT_TYPES = {
    "visit.checked_in": "走基层签到",
    "visit.completed": "走基层完成",
    "activity.logged": "青年之家活动",
    "themed_event.logged": "主题团日",
    "need.resolved": "需求解决",
};
const REFRESH_MS = 30000;
/** Units drawn as small marked blocks (no statistical outline): their labels sit beside them. */
const derived = new Set();
const DERIVED_LABEL_OFFSETS = { "4111F1": [92, -26], "4111F2": [-64, -24], "411171": [0, 30] };
const FEED_LIMIT = 30;
const tokens = localTokens("grassroots.screen.tokens");
const api = createClient({ baseUrl: "", transport: fetchTransport, tokens, onSignedOut: () => void signIn() });
const $ = (id) => document.getElementById(id);
const state = {
    scope: null,
    month: "",
    indicator: "visitCompliance",
    counties: [],
    codes: new Map(),
    selectedCounty: null,
    lastEventId: null,
    stream: null,
    online: true,
    refreshTimer: 0,
    chart: null,
};
// ---------- connection state ----------
function setOnline(online) {
    state.online = online;
    const badge = $("state");
    badge.dataset.state = online ? "online" : "offline";
    badge.textContent = online ? "在线" : "离线";
    $("offline").hidden = online;
}
function isNetworkFailure(error) {
    return !(error instanceof ApiError) || error.status >= 502;
}
// ---------- sign-in by scan ----------
let signInRun = 0;
async function signIn() {
    const run = ++signInRun;
    closeStream();
    $("dashboard").hidden = true;
    $("signin").hidden = false;
    const message = $("signin-message");
    const qr = $("qr");
    for (;;) {
        if (run !== signInRun) {
            return;
        }
        let started;
        try {
            started = await api.post("/api/v1/auth/scan-sessions");
            setOnline(true);
        }
        catch (error) {
            if (error instanceof ApiError && error.code === "WECHAT_NOT_CONFIGURED") {
                qr.hidden = true;
                message.textContent = "本服务尚未配置微信小程序（WECHAT_APPID / WECHAT_SECRET），暂不能扫码登录。";
                message.dataset.code = "WECHAT_NOT_CONFIGURED";
                return;
            }
            if (error instanceof ApiError && error.status === 429) {
                message.textContent = "登录请求过于频繁，请稍候…";
            }
            else {
                setOnline(!isNetworkFailure(error));
                message.textContent = "暂时无法获取登录码，正在重试…";
            }
            await sleep(5000);
            continue;
        }
        qr.hidden = false;
        qr.src = started.qrImage;
        qr.dataset.scene = started.scene;
        message.textContent = "请用微信扫码";
        message.dataset.status = "WAITING";
        $("signin-expiry").textContent = `登录码有效期至 ${timeOf(started.expiresAt)}`;
        const outcome = await waitForDecision(started, run);
        if (outcome === "SIGNED_IN") {
            $("signin").hidden = true;
            await start();
            return;
        }
        if (outcome === "STOP") {
            return;
        }
        // expired or declined: a new code
    }
}
async function waitForDecision(started, run) {
    const message = $("signin-message");
    for (;;) {
        if (run !== signInRun) {
            return "STOP";
        }
        let answer;
        try {
            answer = await api.get("/api/v1/auth/scan-sessions/{id}", {
                path: { id: started.id },
                header: { "X-Scan-Secret": started.secret },
                query: { wait: 20 },
            });
            setOnline(true);
        }
        catch (error) {
            setOnline(!isNetworkFailure(error));
            await sleep(2000);
            if (error instanceof ApiError && error.status === 404) {
                return "RENEW";
            }
            continue;
        }
        message.dataset.status = answer.status;
        switch (answer.status) {
            case "SCANNED":
                message.textContent = "已扫码，请在手机上确认登录";
                break;
            case "CONFIRMED":
                if (answer.tokens) {
                    tokens.save(answer.tokens);
                    message.textContent = "登录成功";
                    return "SIGNED_IN";
                }
                message.textContent = "此登录码已使用，正在更换…";
                await sleep(1500);
                return "RENEW";
            case "DECLINED":
                message.textContent = "手机上已拒绝登录，正在更换登录码…";
                await sleep(3000);
                return "RENEW";
            case "EXPIRED":
                message.textContent = "登录码已过期，正在更换…";
                return "RENEW";
            default:
                break;
        }
    }
}
// ---------- the screen ----------
async function start() {
    $("dashboard").hidden = false;
    try {
        state.scope = await resolveScope();
    }
    catch (error) {
        if (error instanceof ApiError && error.status === 401) {
            return signIn();
        }
        if (error instanceof ApiError && error.status === 403) {
            notice("您的账号没有市级或县级领导权限，无法查看大屏");
            return;
        }
        setOnline(false);
        await sleep(3000);
        return start();
    }
    $("scope").textContent = state.scope.kind === "CITY" ? "漯河市（全市）" : state.scope.name;
    document.body.dataset.scope = state.scope.kind;
    await setUpMap();
    await refresh();
    await loadFeedHistory();
    openStream();
    scheduleRefresh();
}
/**
 * The city for a city-level role, else the county of a county secretary (or a county
 * cadre). Reads only the caller's own orgs (a county secretary may not read the city's).
 */
async function resolveScope() {
    const me = await api.get("/api/v1/me");
    const leading = me.roles.filter((r) => ["CITY_ADMIN", "CITY_LEADER", "COUNTY_SECRETARY", "CADRE"].includes(r.role));
    const orgs = await Promise.all(leading.map((r) => api.get("/api/v1/orgs/{id}", { path: { id: r.orgId } })));
    const city = orgs.find((o) => o.level === "CITY");
    if (city) {
        const children = await api.get("/api/v1/orgs/{id}/children", { path: { id: city.id }, query: { limit: 200 } });
        for (const child of children.items) {
            state.codes.set(child.id, child.code);
        }
        return { kind: "CITY", orgId: city.id, name: city.name };
    }
    const county = orgs.find((o) => o.level === "COUNTY");
    if (county) {
        state.codes.set(county.id, county.code);
        return { kind: "COUNTY", orgId: county.id, name: county.name };
    }
    throw new ApiError(403, null);
}
async function setUpMap() {
    if (state.chart) {
        return;
    }
    const geo = (await (await fetch("/screen/geo/luohe.geo.json")).json());
    for (const feature of geo.features) {
        if (feature.properties.derived) {
            derived.add(feature.properties.code);
        }
    }
    echarts.registerMap("luohe", geo);
    state.chart = echarts.init($("map"), null, { renderer: "canvas" });
    state.chart.on("click", (params) => {
        const orgId = params.data?.orgId;
        if (orgId && state.scope?.kind === "CITY") {
            state.selectedCounty = orgId;
            void loadTowns();
        }
    });
    const tabs = $("map-indicators");
    for (const indicator of INDICATORS) {
        const button = document.createElement("button");
        button.textContent = indicator.label;
        button.dataset.indicator = indicator.key;
        button.onclick = () => {
            state.indicator = indicator.key;
            renderMap();
        };
        tabs.appendChild(button);
    }
}
async function refresh() {
    try {
        // the service's business month (its clock), not the browser's
        const counties = await api.get("/api/v1/dashboards/counties");
        state.month = counties.month;
        $("month").textContent = `${counties.month.replace("-", "年")}月`;
        state.counties = counties.items;
        $("final-mark").textContent = counties.final ? "（已结算）" : "（进行中）";
        if (state.scope?.kind === "CITY") {
            const city = await api.get("/api/v1/dashboards/city", { query: { month: state.month } });
            showTotals(city);
            showGrowth("activities", city.activitiesGrowth, city.activitiesGrowthTargetMet);
            showGrowth("participants", city.participantsGrowth, city.participantsGrowthTargetMet);
        }
        else {
            const mine = counties.items.find((c) => c.orgId === state.scope?.orgId);
            const previous = await api.get("/api/v1/dashboards/counties", { query: { month: previousMonth(state.month) } });
            const before = previous.items.find((c) => c.orgId === state.scope?.orgId);
            if (mine) {
                showTotals(mine);
                showGrowth("activities", growth(mine.activities, before?.activities), null);
                showGrowth("participants", growth(mine.activityParticipants, before?.activityParticipants), null);
            }
        }
        renderMap();
        renderCountyRanking();
        if (state.selectedCounty === null || !state.counties.some((c) => c.orgId === state.selectedCounty)) {
            state.selectedCounty = state.scope?.kind === "COUNTY" ? state.scope.orgId : (state.counties.find((c) => c.rank === 1) ?? state.counties[0])?.orgId ?? null;
        }
        await loadTowns();
        setOnline(true);
    }
    catch (error) {
        if (error instanceof ApiError && error.status === 401) {
            void signIn();
            return;
        }
        setOnline(!isNetworkFailure(error));
    }
}
function scheduleRefresh(delay = REFRESH_MS) {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(async () => {
        await refresh();
        scheduleRefresh();
    }, delay);
}
function showTotals(totals) {
    for (const key of ["visits", "visitsCompleted", "cadres", "cadresCompleted", "activities", "activityParticipants", "verifiedParticipants", "themedEvents", "needsOpened", "needsResolved"]) {
        const element = $(`kpi-${key}`);
        element.dataset.value = String(totals[key]);
        element.textContent = totals[key].toLocaleString("zh-CN");
    }
}
function showGrowth(key, value, met) {
    const element = $(`growth-${key}`);
    element.dataset.value = value === null ? "" : String(value);
    element.textContent = value === null ? "—" : `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}%`;
    const target = $(`growth-${key}-target`);
    target.className = met === null ? "" : met ? "met" : "missed";
    target.textContent = met === null ? "" : met ? "达到目标" : "未达目标";
}
function renderMap() {
    if (!state.chart) {
        return;
    }
    for (const button of Array.from($("map-indicators").querySelectorAll("button"))) {
        button.classList.toggle("active", button.dataset.indicator === state.indicator);
    }
    const data = state.counties.map((county) => {
        const flag = county.flags[state.indicator];
        const code = state.codes.get(county.orgId) ?? county.name;
        return {
            name: code,
            orgId: county.orgId,
            countyName: county.name,
            flag,
            itemStyle: { areaColor: FLAG_COLOURS[flag], borderColor: derived.has(code) ? "#ffffff" : "#9ecbff", borderWidth: derived.has(code) ? 2 : 1.5 },
            label: derived.has(code) ? { offset: DERIVED_LABEL_OFFSETS[code] ?? [0, 28], fontSize: 19, color: "#ffe082" } : undefined,
        };
    });
    const label = INDICATORS.find((i) => i.key === state.indicator).label;
    state.chart.setOption({
        tooltip: {
            trigger: "item",
            textStyle: { fontSize: 22 },
            formatter: (p) => (p.data ? `${p.data.countyName}<br>${label}：${FLAG_NAMES[p.data.flag]}` : ""),
        },
        series: [
            {
                type: "map",
                map: "luohe",
                nameProperty: "code",
                roam: false,
                layoutCenter: ["50%", "50%"],
                layoutSize: "98%",
                selectedMode: false,
                label: {
                    show: true,
                    fontSize: 22,
                    color: "#fff",
                    textBorderColor: "#07142b",
                    textBorderWidth: 3,
                    formatter: (p) => p.data?.countyName ?? "",
                },
                itemStyle: { areaColor: "#1c3a66", borderColor: "#9ecbff", borderWidth: 1.5 },
                emphasis: { label: { color: "#ffd54f" }, itemStyle: { areaColor: undefined, borderColor: "#ffd54f", borderWidth: 3 } },
                data,
            },
        ],
    }, true);
    $("map").dataset.indicator = state.indicator;
}
function renderCountyRanking() {
    const list = $("county-ranking");
    list.replaceChildren(...[...state.counties]
        .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, "zh-CN"))
        .map((county) => rankingItem(county.orgId, county.rank, county.name, county.score, Object.values(county.flags))));
}
async function loadTowns() {
    const countyId = state.selectedCounty;
    if (countyId === null) {
        return;
    }
    const towns = await api.get("/api/v1/dashboards/towns", { query: { countyId, month: state.month } });
    $("town-county").textContent = state.counties.find((c) => c.orgId === countyId)?.name ?? "";
    $("town-ranking").dataset.countyId = String(countyId);
    $("town-ranking").replaceChildren(...[...towns.items]
        .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, "zh-CN"))
        .slice(0, 16)
        .map((town) => rankingItem(town.orgId, town.rank, town.name, town.score, Object.values(town.flags))));
}
function rankingItem(orgId, rank, name, score, flags) {
    const item = document.createElement("li");
    item.dataset.orgId = String(orgId);
    item.dataset.rank = String(rank);
    item.dataset.score = String(score);
    const flagSpans = flags.map((flag) => `<i class="flag ${flag}" title="${FLAG_NAMES[flag]}"></i>`).join("");
    item.innerHTML = `<span class="rank"></span><span class="name"></span><span class="score"></span><span class="flags">${flagSpans}</span>`;
    item.querySelector(".rank").textContent = String(rank);
    item.querySelector(".name").textContent = name;
    item.querySelector(".score").textContent = score.toFixed(1);
    return item;
}
// ---------- live feed ----------
async function loadFeedHistory() {
    try {
        const history = await api.get("/api/v1/feed", { query: { limit: FEED_LIMIT } });
        $("feed").replaceChildren();
        for (const item of [...history.items].reverse()) {
            addFeedItem(item.id, item, false);
        }
        state.lastEventId = history.items[0]?.id ?? state.lastEventId;
    }
    catch (error) {
        setOnline(!isNetworkFailure(error));
    }
}
function addFeedItem(id, data, fresh) {
    const list = $("feed");
    if (list.querySelector(`li[data-event-id="${id}"]`)) {
        return;
    }
    const item = document.createElement("li");
    item.dataset.eventId = String(id);
    item.dataset.type = data.type;
    if (fresh) {
        item.className = "fresh";
    }
    const time = document.createElement("time");
    time.textContent = timeOf(data.occurredAt);
    const type = document.createElement("span");
    type.className = "type";
    type.textContent = EVENT_TYPES[data.type] ?? data.type;
    item.append(time, type, document.createTextNode(`${data.actorName} · ${data.orgName} · ${data.summary}`));
    if (data.thumbnails?.length) {
        const photos = document.createElement("span");
        photos.className = "thumbs";
        for (const url of data.thumbnails.slice(0, 3)) {
            photos.append(thumbnail(url));
        }
        item.append(photos);
    }
    list.prepend(item);
    while (list.children.length > FEED_LIMIT) {
        list.lastElementChild?.remove();
    }
}
/**
 * A cleared photo's thumbnail. An <img> cannot send the bearer token, so the bytes are
 * fetched with it and shown from a blob URL (released when the image goes).
 */
function thumbnail(url) {
    const image = document.createElement("img");
    image.alt = "照片";
    image.loading = "lazy";
    const access = tokens.accessToken();
    void fetch(url, { headers: access ? { Authorization: `Bearer ${access}` } : {} })
        .then((response) => (response.ok ? response.blob() : null))
        .then((blob) => {
        if (blob) {
            const objectUrl = URL.createObjectURL(blob);
            image.onload = () => URL.revokeObjectURL(objectUrl);
            image.src = objectUrl;
        }
        else {
            image.remove();
        }
    })
        .catch(() => image.remove());
    return image;
}
let streamRun = 0;
function closeStream() {
    streamRun++;
    state.stream?.close();
    state.stream = null;
}
async function openStream() {
    closeStream();
    const run = streamRun;
    let ticket;
    try {
        ticket = await api.post("/api/v1/feed/tickets");
    }
    catch (error) {
        if (run !== streamRun) {
            return;
        }
        if (error instanceof ApiError && error.status === 401) {
            void signIn();
            return;
        }
        setOnline(!isNetworkFailure(error));
        $("feed-state").textContent = "重新连接中…";
        setTimeout(() => run === streamRun && void openStream(), 3000);
        return;
    }
    if (run !== streamRun) {
        return;
    }
    const query = { ticket: ticket.ticket };
    if (state.lastEventId !== null) {
        query.lastEventId = state.lastEventId;
    }
    if (state.scope?.kind === "COUNTY") {
        query.orgId = state.scope.orgId;
    }
    const stream = new EventSource(api.url("/api/v1/feed/stream", query));
    state.stream = stream;
    stream.onopen = () => {
        $("feed-state").textContent = "实时";
        const wasOffline = !state.online;
        setOnline(true);
        if (wasOffline) {
            void refresh();
        }
    };
    for (const type of Object.keys(EVENT_TYPES)) {
        stream.addEventListener(type, (event) => {
            const message = event;
            const id = Number(message.lastEventId);
            addFeedItem(id, JSON.parse(message.data), true);
            state.lastEventId = Math.max(state.lastEventId ?? 0, id);
            // the counts follow the records a moment later
            scheduleRefresh(3000);
        });
    }
    stream.addEventListener("reset", () => {
        state.lastEventId = null;
        void loadFeedHistory();
    });
    stream.onerror = () => {
        // a ticket is single-use: the browser's own reconnection cannot succeed
        stream.close();
        if (run !== streamRun) {
            return;
        }
        $("feed-state").textContent = "重新连接中…";
        setOnline(false);
        setTimeout(() => run === streamRun && void openStream(), 2000);
    };
}
// ---------- helpers ----------
function notice(text) {
    const element = $("notice");
    element.textContent = text;
    element.hidden = false;
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
function previousMonth(month) {
    const [year, m] = month.split("-").map(Number);
    return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, "0")}`;
}
function growth(now, before) {
    return before ? (now - before) / before : null;
}
function timeOf(instant) {
    return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(instant));
}
function tick() {
    $("clock").textContent = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }).format(new Date());
}
document.documentElement.dataset.spec = SPEC_SHA256;
tick();
setInterval(tick, 1000);
if (tokens.accessToken()) {
    void start();
}
else {
    void signIn();
}
