--[[
  Claims a unit of work with a lease, unless it is already done or someone else holds it.
  KEYS[1] claim key   (<prefix>:claim:<unit>)
  KEYS[2] done key    (<prefix>:done:<unit>)
  ARGV[1] owner token (<workerId>:<random>)
  ARGV[2] lease in milliseconds
  returns { 1, lease ms }     claimed (or re-claimed by the same owner)
          { -1, 0 }           already done
          { -2, remaining ms } held by another owner
]]
if redis.call('EXISTS', KEYS[2]) == 1 then
  return { -1, 0 }
end
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
  return { -2, redis.call('PTTL', KEYS[1]) }
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return { 1, tonumber(ARGV[2]) }
