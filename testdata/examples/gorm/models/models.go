// Package models holds the GORM models of the example. The loader script
// beside them (../load) prints the DDL that atlas-provider-gorm would print
// for them, so the example runs without a Go toolchain.
package models

import "time"

type User struct {
	ID        uint   `gorm:"primaryKey"`
	Name      string `gorm:"size:255;not null"`
	Email     string `gorm:"size:255;uniqueIndex"`
	CreatedAt time.Time
	Pets      []Pet
}

type Pet struct {
	ID     uint   `gorm:"primaryKey"`
	Name   string `gorm:"size:100;not null"`
	UserID uint   `gorm:"index"`
	User   User
}
