-- Delivery ids of YCMT webhooks, for replay protection and dedupe within the sender's retry horizon.
create table delivery (
    delivery_id varchar(200) primary key,
    state       varchar(20)  not null,
    received_at timestamptz  not null
);
create index delivery_received_at on delivery (received_at);
