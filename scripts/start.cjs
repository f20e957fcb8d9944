// `npm start`: the whole product on this machine. Ctrl-C stops all of it.
const { startStack } = require('./stack.cjs');

startStack()
  .then((stack) => {
    console.log(`\n邻里 Linli is running.\n  H5 app   ${stack.h5}\n  API      ${stack.apiBase}/api\n  Database ${stack.engine}\nSign in on the H5 app as any demo account (see README). Ctrl-C stops everything.\n`);
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      console.log('\nstopping…');
      stack.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  })
  .catch((err) => {
    console.error(`\nnpm start failed: ${err.message}`);
    process.exit(1);
  });
