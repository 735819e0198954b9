-- One device in service per MAC (DASH-5), kept by the database itself.
-- Devices are retired rather than deleted, so several rows may share a
-- MAC, but at most one that is not retired: the customer registers with
-- the MAC, and a second device in service would make registration look at
-- the wrong row. A check before the INSERT is not enough on its own (two
-- Galera nodes certify only keys, and a read there locks nothing on the
-- other node), so active_mac holds the MAC of a device in service and NULL
-- otherwise, under a unique key: NULLs never collide, so retired devices
-- and devices without a MAC yet (signup approval makes them) are as many
-- as they like. STORED, so that the key is an ordinary column's key in the
-- row images Galera certifies. RTRIM: a CHAR column's value depends on
-- the sql_mode PAD_CHAR_TO_FULL_LENGTH, which MariaDB refuses in an
-- indexed generated column; a MAC has no trailing blanks to lose.
--
-- Existing rows: two devices in service with one MAC could only come from
-- two staff adding it at the same moment. Of such a group, the devices
-- awaiting registration are retired first (their registration code stops;
-- staff can put one back with the reinstate action once the MAC is free),
-- keeping the registered device or else the oldest one. Two registered
-- devices with one MAC are not resolved here: the ALTER then fails with
-- "Duplicate entry '<MAC>' for key 'devices_active_mac'", changes nothing
-- and the migration is not recorded; staff retire the wrong one and run
-- the migration again. Both statements can run again without harm.
UPDATE devices d
  JOIN devices o ON o.mac = d.mac AND o.id <> d.id AND o.status <> 'retired'
    AND (o.status = 'registered' OR o.id < d.id)
  SET d.status = 'retired', d.reg_code_hash = NULL, d.reg_failures = 0,
    d.reg_locked_until = NULL
  WHERE d.status = 'awaiting_registration' AND d.mac IS NOT NULL;

ALTER TABLE devices
  ADD COLUMN IF NOT EXISTS active_mac CHAR(17)
    AS (IF(status <> 'retired', RTRIM(mac), NULL)) STORED
    COMMENT 'mac while the device is in service, else NULL',
  ADD UNIQUE KEY IF NOT EXISTS devices_active_mac (active_mac);
