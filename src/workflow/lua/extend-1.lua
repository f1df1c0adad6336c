--[[
  Extends a lease, only for the owner that holds it (the heartbeat, and the guard before output).
  KEYS[1] claim key
  ARGV[1] owner token
  ARGV[2] new lease in milliseconds
  returns 1   extended
          -3  lease lost: expired, or held by another owner now
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return -3
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
