// The dashboard page: tabs over the views, one EventSource for live updates (no page reload).
import { h } from './dom.js';
import { faultsView } from './faults.js';
import { pubsubView } from './pubsub.js';
import { scenariosView } from './scenarios.js';
import { schedulerView } from './scheduler.js';
import { storageView } from './storage.js';
import { tasksView } from './tasks.js';
import { workflowView } from './workflow.js';

const VIEWS = {
  pubsub: ['Pub/Sub', pubsubView],
  storage: ['Storage', storageView],
  scheduler: ['Scheduler', schedulerView],
  tasks: ['Cloud Tasks', tasksView],
  workflow: ['Workflow', workflowView],
  faults: ['Faults', faultsView],
  scenarios: ['Scenarios', scenariosView],
};

const state = { overview: undefined, scenarios: [] };
const mounted = {};
const main = document.getElementById('view');
const tabs = document.getElementById('tabs');

function show(name) {
  if (!VIEWS[name]) name = 'pubsub';
  for (const button of tabs.children) button.classList.toggle('active', button.dataset.view === name);
  mounted[name] ??= VIEWS[name][1]();
  main.replaceChildren(mounted[name].el);
  mounted[name].update(state);
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

for (const [name, [label]] of Object.entries(VIEWS)) {
  tabs.append(h('button', { 'data-view': name, testid: `tab-${name}`, onclick: () => show(name) }, label));
}

function current() {
  return location.hash.slice(1) || 'pubsub';
}

function refresh() {
  document.getElementById('project').textContent = state.overview?.project ?? '';
  mounted[current()]?.update(state);
}

const live = document.getElementById('live');
const events = new EventSource('/api/events');
events.onopen = () => {
  live.textContent = 'live';
  live.className = 'live on';
};
events.onerror = () => {
  live.textContent = 'reconnecting';
  live.className = 'live off';
};
events.addEventListener('overview', (e) => {
  state.overview = JSON.parse(e.data);
  refresh();
});
events.addEventListener('scenarios', (e) => {
  state.scenarios = JSON.parse(e.data);
  refresh();
});
events.addEventListener('scenario', (e) => {
  const run = JSON.parse(e.data);
  const known = state.scenarios.find((r) => r.id === run.id);
  if (known) Object.assign(known, { ...run, events: run.events ?? known.events });
  else state.scenarios.push({ ...run, events: run.events ?? [] });
  refresh();
});
events.addEventListener('timeline', (e) => {
  const { id, event } = JSON.parse(e.data);
  state.scenarios.find((r) => r.id === id)?.events.push(event);
  if (current() === 'scenarios') mounted.scenarios?.update(state);
});

window.addEventListener('hashchange', () => show(current()));
show(current());
