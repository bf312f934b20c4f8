/**
 * @title Asset conditions: wait for both (AND) or for either (OR)
 * @teaches A DAG scheduled on assets runs when its condition holds over the assets updated since its last run:
 *   and(a, b) waits for both, or(a, b) for either (Airflow's a & b and a | b). Several updates before a run
 *   collapse into one run.
 * @expect Trigger lesson_weather_feed: lesson_join_both does not run yet (it waits for sales too), while
 *   lesson_either_feed runs once. Then trigger lesson_sales_feed: lesson_join_both runs once, reading both assets,
 *   and lesson_either_feed runs a second time.
 * @check {"trigger": ["lesson_weather_feed", "lesson_sales_feed"], "runs": [{"dagId": "lesson_weather_feed", "count": 1, "state": "success"}, {"dagId": "lesson_sales_feed", "count": 1, "state": "success"}, {"dagId": "lesson_join_both", "count": 1, "state": "success"}, {"dagId": "lesson_either_feed", "count": 2, "state": "success"}]}
 */
import { and, Asset, Dag, getContext, or } from 'apache-airflow-ts-sdk';

const weather = new Asset({ name: 'lesson_weather', uri: 'playground://lessons/weather', description: 'Daily temperatures.' });
const sales = new Asset({ name: 'lesson_sales', uri: 'playground://lessons/sales', description: 'Daily sales.' });

const weatherFeed = new Dag('lesson_weather_feed', { description: 'Updates lesson_weather.' });
weatherFeed.task(
  'publish_weather',
  async () => {
    await getContext().writeAsset(weather, { columns: { day: [1, 2, 3], celsius: [18.5, 21, 19.25] } });
  },
  { outlets: [weather] },
);

const salesFeed = new Dag('lesson_sales_feed', { description: 'Updates lesson_sales.' });
salesFeed.task(
  'publish_sales',
  async () => {
    await getContext().writeAsset(sales, { columns: { day: [1, 2, 3], units: [120, 150, 90] } });
  },
  { outlets: [sales] },
);

// Runs only once both assets have new data.
const joinBoth = new Dag('lesson_join_both', { schedule: and(weather, sales), description: 'Joins weather and sales: needs both.' });
joinBoth.task('join', async () => {
  const ctx = getContext();
  const [w, s] = [await ctx.readAsset(weather), await ctx.readAsset(sales)];
  ctx.log.info(`Joined ${w.rowCount} days of weather with ${s.rowCount} days of sales.`);
  return { days: Math.min(w.rowCount, s.rowCount) };
});

// Runs whenever either one has new data.
const eitherFeed = new Dag('lesson_either_feed', { schedule: or(weather, sales), description: 'Refreshes a dashboard on any update.' });
eitherFeed.task('refresh_dashboard', async () => {
  getContext().log.info(`Triggered by ${getContext().triggeringEvents.length} asset event(s).`);
});
