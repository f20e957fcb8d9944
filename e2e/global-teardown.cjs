module.exports = async () => {
  await globalThis.__linliStack?.stop();
};
