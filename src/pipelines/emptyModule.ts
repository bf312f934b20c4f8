// Stands in for plotly and xlsx, which danfojs requires but the playground never calls (see vite.config.ts).
export default {};
