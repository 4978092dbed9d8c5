// Storage stub: no handler here.
module.exports = {
  remove: async (id) => id,
  find: (id, done) => done(null, { id }),
};
