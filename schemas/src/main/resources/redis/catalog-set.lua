-- Position-guarded write of a regional catalog (see io.treebeard.schemas.cache.CacheScripts#CATALOG_SET).
-- KEYS[1] catalog key; ARGV[1] version (the sum of the position's offsets, also written inside the JSON); ARGV[2]
-- position: the writer's next offset per partition of treebeard.plans, comma-separated in partition order; ARGV[3]
-- content hash (the catalog without its version); ARGV[4] JSON bytes; ARGV[5] TTL ms.
-- A catalog is computed from every plan change up to the writer's position, so a write lands only when its position
-- dominates the stored one (no partition behind): a writer that has not yet seen a change another one already wrote
-- cannot put an older catalog back, whatever order partitions were read in and however many projectors write. A
-- dominating position has a sum at least as high, so versions never go backwards.
-- Same content: only the position and the TTL move (the version a client saw stays). New content: v, d, h and p, when
-- the version is higher than the stored one (so one version never names two contents).
-- Returns 1 written, 0 same content (position and TTL refreshed), -1 not newer (nothing changed).
local stored = redis.call('HMGET', KEYS[1], 'p', 'h', 'd', 'v')
if stored[1] then
  local incoming = {}
  for offset in string.gmatch(ARGV[2], '[^,]+') do
    incoming[#incoming + 1] = tonumber(offset)
  end
  local i = 0
  for offset in string.gmatch(stored[1], '[^,]+') do
    i = i + 1
    if (incoming[i] or -1) < tonumber(offset) then
      return -1
    end
  end
  if stored[2] == ARGV[3] and stored[3] then
    redis.call('HSET', KEYS[1], 'p', ARGV[2])
    redis.call('PEXPIRE', KEYS[1], ARGV[5])
    return 0
  end
  if stored[4] and tonumber(stored[4]) >= tonumber(ARGV[1]) then
    return -1
  end
end
-- No stored position: the key is new, or was written by a release that kept none (it is replaced).
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[4], 'h', ARGV[3], 'p', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
