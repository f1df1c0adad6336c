--[[
  Marks a unit done and releases its claim, only for the owner that still holds the lease:
  a worker that lost its lease must not mark the unit done.
  KEYS[1] claim key
  KEYS[2] done key
  ARGV[1] owner token
  ARGV[2] done marker TTL in milliseconds
  returns 1   done and released
          -3  lease lost: nothing written
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return -3
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[1])
return 1
